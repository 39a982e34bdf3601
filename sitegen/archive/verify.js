/* Check the files of an offline copy against its SHA256SUMS (SHA-256, Web Crypto), as sha256sum -c does.
 * Runs from file://: the reader picks the copy's top folder, the browser hashes each file. The list
 * comes from the picked SHA256SUMS; verify/manifest.js, loaded with the page, stands in when it is gone. */
(function () {
  "use strict";
  var text = JSON.parse(document.getElementById("verify-text").textContent);
  var input = document.getElementById("verify-folder");
  var status = document.getElementById("verify-status");
  var details = document.getElementById("verify-details");
  var manifest = (window.SITEGEN_MANIFEST || { files: [] }).files;
  var own = { "SHA256SUMS": true };

  function parseSums(content) {
    return content.split(/\r?\n/).filter(Boolean).map(function (line) {
      var at = line.indexOf("  ");
      return [line.slice(at + 2).replace(/^\*/, ""), line.slice(0, at).toLowerCase()];
    });
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) { out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return out;
  }

  function list(title, names) {
    if (!names.length) { return; }
    var heading = document.createElement("p");
    heading.textContent = title;
    var ul = document.createElement("ul");
    names.forEach(function (name) {
      var li = document.createElement("li");
      li.textContent = name;
      ul.appendChild(li);
    });
    details.appendChild(heading);
    details.appendChild(ul);
  }

  // Set here rather than in the HTML: the attribute is not in the HTML standard, but every current browser has it.
  input.setAttribute("webkitdirectory", "");

  if (!(window.crypto && window.crypto.subtle)) {
    status.textContent = text.unsupported;
    input.disabled = true;
    return;
  }

  input.addEventListener("change", async function () {
    details.textContent = "";
    var byPath = {};
    Array.prototype.forEach.call(input.files, function (file) {
      var rel = (file.webkitRelativePath || file.name).split("/").slice(1).join("/");
      byPath[rel] = file;
    });
    if (!byPath["index.html"]) {
      status.textContent = text.wrong_folder;
      return;
    }
    var entries = byPath["SHA256SUMS"] ? parseSums(await byPath["SHA256SUMS"].text()) : manifest;
    var missing = byPath["SHA256SUMS"] ? [] : ["SHA256SUMS"], changed = [], listed = {};
    for (var i = 0; i < entries.length; i++) {
      var name = entries[i][0], expected = entries[i][1];
      listed[name] = true;
      status.textContent = format(text.progress, { done: i + 1, total: entries.length });
      var file = byPath[name];
      if (!file) { missing.push(name); continue; }
      var digest = hex(await window.crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
      if (digest !== expected) { changed.push(name); }
    }
    var extra = Object.keys(byPath).filter(function (name) {
      return !listed[name] && !own[name] && name.split("/").every(function (part) { return part.charAt(0) !== "."; });
    }).sort();
    if (missing.length || changed.length) {
      status.textContent = format(text.failed, { total: entries.length, missing: missing.length, changed: changed.length });
      status.className = "notice";
    } else {
      status.textContent = format(text.ok, { total: entries.length });
      status.className = "";
    }
    list(text.missing, missing);
    list(text.changed, changed);
    list(text.extra, extra);
  });
}());
