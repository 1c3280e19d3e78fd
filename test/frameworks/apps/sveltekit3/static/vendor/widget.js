export function mountWidget(e){e.dataset.widget="ready"}
//# sourceMappingURL=widget.js.map
