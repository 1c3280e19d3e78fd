window.chart=function(t){return t.length};
//# sourceMappingURL=chart.js.map
