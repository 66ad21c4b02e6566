// The course's only JupyterLab extension, written by hand so it needs no build step (no
// Node.js, no webpack): a module-federation container, the form JupyterLab loads prebuilt
// extensions in, that shares no module with JupyterLab and uses only the application object.
//
// What it does: a code cell that starts with `%%answer` holds a student's prose, not
// Python; coloured as Python, an apostrophe opens a "string" that turns the rest red. The
// cell's editor is switched to plain text while it starts with `%%answer`, and back to the
// notebook's language when it no longer does.
(function () {
  "use strict";

  const NAME = "nato-russia-answer-cells";
  const ANSWER = /^\s*%%answer\b/;
  const PLAIN = "text/plain";

  function setMime(notebook, cell) {
    if (!cell.model || cell.model.type !== "code") {
      return;
    }
    const wanted = ANSWER.test(cell.model.sharedModel.getSource())
      ? PLAIN : notebook.codeMimetype;
    if (wanted && cell.model.mimeType !== wanted) {
      cell.model.mimeType = wanted;
    }
  }

  function follow(notebook) {
    const watched = new WeakSet();
    const all = () => {
      for (const cell of notebook.widgets) {
        if (!watched.has(cell) && cell.model) {
          watched.add(cell);
          cell.model.contentChanged.connect(() => setMime(notebook, cell));
        }
        setMime(notebook, cell);
      }
    };
    // Cells are added, and the notebook resets every code cell's language when the kernel's
    // language arrives: look again after either (on the next frame, once it has done so).
    const later = () => requestAnimationFrame(all);
    notebook.model.cells.changed.connect(later);
    notebook.model.metadataChanged.connect(later);
    notebook.modelContentChanged.connect(later);
    all();
  }

  const plugin = {
    id: NAME + ":plugin",
    description: "Shows %%answer cells as plain text.",
    autoStart: true,
    requires: [],
    activate: (app) => {
      const followed = new WeakSet();
      const scan = () => {
        for (const widget of app.shell.widgets("main")) {
          const notebook = widget.content;
          if (notebook && notebook.model && notebook.widgets && !followed.has(notebook)) {
            followed.add(notebook);
            follow(notebook);
          }
        }
      };
      // A notebook's model arrives a moment after its tab opens.
      const soon = () => { scan(); setTimeout(scan, 500); setTimeout(scan, 2000); };
      if (app.shell.layoutModified) {
        app.shell.layoutModified.connect(soon);
      }
      if (app.shell.currentChanged) {
        app.shell.currentChanged.connect(soon);
      }
      app.restored.then(soon);
    },
  };

  const container = {
    init: () => Promise.resolve(),  // shares nothing with JupyterLab
    get: (module) => module === "./extension"
      ? Promise.resolve(() => ({ __esModule: true, default: [plugin] }))
      : Promise.reject(new Error(NAME + " has no module " + module)),
  };
  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB[NAME] = container;
})();
