/**
 * The page's one script (plain JS, no library): a click on a box, a version or a table link
 * opens what it holds in the side panel (its findings with their masked excerpts, copied from
 * the page's own findings section); Enter on a focused box does the same, Escape closes it.
 * Without it the boxes and links still go to the findings below (each is a link to them).
 */
export const SCRIPT = `(()=>{
const panel=document.getElementById('panel');if(!panel)return;
const body=panel.querySelector('.body');let selected;
function open(id,src){
  const target=document.getElementById(id);
  body.textContent='';
  if(target){body.append(target.cloneNode(true));body.firstChild.removeAttribute('id')}
  else{const p=document.createElement('p');p.textContent=(src&&src.querySelector('title')?.textContent)||'';const q=document.createElement('p');q.className='note';q.textContent='No finding in this file.';body.append(p,q)}
  panel.hidden=false;
  if(selected)selected.classList.remove('sel');
  selected=src&&(src.matches('rect,circle')?src:src.querySelector('rect,circle'));if(selected)selected.classList.add('sel');
  const h=body.querySelector('h3');if(h){h.tabIndex=-1;h.focus({preventScroll:true})}
}
document.addEventListener('click',e=>{
  const t=e.target.closest('[data-open],rect[data-f]');
  if(!t)return;
  e.preventDefault();open(t.dataset.open||'f'+t.dataset.f,t)
});
document.addEventListener('keydown',e=>{
  if(e.key==='Escape'&&!panel.hidden){panel.hidden=true;if(selected)selected.classList.remove('sel')}
});
panel.querySelector('.close').addEventListener('click',()=>{panel.hidden=true});
})()`
