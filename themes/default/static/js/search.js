/* Client-side search of the disclosure catalogue.
 *
 * Plain script: no modules, no fetch, no WASM, so it works from file:// (DVD, USB stick)
 * as well as over HTTP. The index (written by sitegen/search/writer.py) is a set of small
 * scripts that call __sgSearch(kind, key, data); this file inserts <script> elements for
 * the shards a query needs, found relative to this script's own URL.
 * Tokens mirror sitegen/search/tokens.py and pinyin.py; postings mirror encoding.py.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var BASE = new URL("../search/", SCRIPT.src).href;
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;
  // Field bits of a posting: 4 title, 2 metadata (unit, column, 文号, 主题词 ...), 1 body.
  var TITLE = 4, META = 2, BODY = 1;
  var WEIGHT_TITLE = 10, WEIGHT_META = 4, WEIGHT_BODY = 1;
  // All of a phrase's bigrams found, but in different fields (体育局 + 义务教育 for 教育局): weak.
  var WEIGHT_SCATTERED = 0.5;
  var TITLE_ALL_BONUS = 20;
  var EXACT_BONUS = 1000;
  var PARTIAL_MIN_COVER = 0.6;
  var PARTIAL_MAX = 50;
  var NAME_MATCH_MAX = 12;
  var COMMON_SHARE = 0.05;      // a bigram in more than this share of items is "very common"
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]+/g;
  var CJK_OR_WORD = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]+|[a-z0-9]+/g;

  /* ---------- loading index scripts ---------- */

  var store = { m: {}, t: {}, x: {}, d: {}, f: {} };
  var waiting = {};
  window.__sgSearch = function (kind, key, data) {
    store[kind][key] = data;
    settle(kind + ":" + key, data);
  };

  function settle(id, data) {
    var callbacks = waiting[id];
    delete waiting[id];
    (callbacks || []).forEach(function (resolve) { resolve(data); });
  }

  function load(kind, key, path) {
    if (Object.prototype.hasOwnProperty.call(store[kind], key)) return Promise.resolve(store[kind][key]);
    var id = kind + ":" + key;
    return new Promise(function (resolve) {
      if (waiting[id]) { waiting[id].push(resolve); return; }
      waiting[id] = [resolve];
      var element = document.createElement("script");
      element.src = BASE + path;
      element.onload = element.onerror = function () {
        element.remove();
        settle(id, null);     // only reached when the file did not register itself
      };
      document.head.appendChild(element);
    });
  }

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();
  var encoder = new TextEncoder();

  function crc32(text) {
    var bytes = encoder.encode(text), crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 255] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  function hex(value, width) {
    var text = value.toString(16);
    while (text.length < width) text = "0" + text;
    return text;
  }

  var EMPTY = { ids: new Int32Array(0), cls: new Uint8Array(0) };
  var decoded = new Map();

  function decodeList(text) {
    var ids = [], cls = [], i, digit;
    if (text.charAt(0) === "!") {
      for (i = 1; i < text.length; i++) {
        var cell = DIGIT[text.charCodeAt(i)];
        for (var k = 0; k < 2; k++) {
          var bits = (cell >> (3 * k)) & 7;
          if (bits) { ids.push((i - 1) * 2 + k); cls.push(bits); }
        }
      }
    } else {
      var previous = -1, value = 0, scale = 1;
      for (i = 0; i < text.length; i++) {
        digit = DIGIT[text.charCodeAt(i)];
        if (digit >= 32) { value += (digit - 32) * scale; scale *= 32; continue; }
        value += digit * scale;
        previous += Math.floor(value / 8) + 1;
        ids.push(previous);
        cls.push(value % 8);
        value = 0; scale = 1;
      }
    }
    return { ids: Int32Array.from(ids), cls: Uint8Array.from(cls) };
  }

  /** A term's shard entry: its list, or for a very common term its document count and CRC. */
  function shardEntry(term) {
    if (decoded.has(term)) return Promise.resolve({ list: decoded.get(term) });
    var crc = crc32(term), shard = crc % manifest.s;
    return load("t", shard, "t/" + hex(shard % 256, 2) + "/" + shard + ".js").then(function (terms) {
      var value = terms && terms[term];
      if (value && value.charAt(0) === "@") return { big: true, df: parseInt(value.slice(1), 10) || 0, crc: crc };
      var list = value ? decodeList(value) : EMPTY;
      decoded.set(term, list);
      return { list: list };
    });
  }

  /** The list of a very common term, kept in a file of its own. */
  function bigList(term, crc) {
    if (decoded.has(term)) return Promise.resolve(decoded.get(term));
    var name = hex(crc, 8);
    return load("x", name, "x/" + hex(crc & 255, 2) + "/" + name + ".js").then(function (big) {
      var list = big && big[term] ? decodeList(big[term]) : EMPTY;
      decoded.set(term, list);
      return list;
    });
  }

  /**
   * Long phrases need not load their commonest bigrams: 生活 and 保障 add little to
   * 最低 + 低生 + 活保, and at 100,000 items each such list is ~50 KB. Keeps at least two tokens.
   */
  function thin(query, entries) {
    var common = manifest.n * COMMON_SHARE;
    function df(token) { var e = entries.get(token); return e.big ? e.df : 0; }
    query.groups.forEach(function (group) {
      group.alternatives.forEach(function (alt) {
        if (alt.tokens.length <= 2) return;
        var frequent = alt.tokens.filter(function (t) { return df(t) > common; });
        if (!frequent.length) return;
        var keep = alt.tokens.filter(function (t) { return frequent.indexOf(t) < 0; });
        frequent.sort(function (a, b) { return df(a) - df(b); });
        while (keep.length < 2 && frequent.length) keep.push(frequent.shift());
        alt.tokens = keep;
      });
    });
  }

  /* ---------- queries ---------- */

  var manifest = null;
  var syllables = null;
  var docNoPattern = null, orderPattern = null;

  function prepareManifest(m) {
    manifest = m;
    syllables = new Set(m.syl.split(" "));
    var open = escapeClass(m.br[0]), close = escapeClass(m.br[1]);
    // Mirrors sitegen/doc_numbers.py (DOC_NO, ORDER_NO); brackets come from it through the manifest.
    docNoPattern = new RegExp("([\\u4e00-\\u9fffA-Za-z]{1,20}?)[\\s\\u3000]*([" + open + "])[\\s\\u3000]*([0-9０-９]{4})" +
      "[\\s\\u3000]*([" + close + "])[\\s\\u3000]*第?[\\s\\u3000]*([0-9０-９]+)[\\s\\u3000]*号?", "g");
    orderPattern = new RegExp("([\\u4e00-\\u9fffA-Za-z]{0,20}令)[\\s\\u3000]*第[\\s\\u3000]*([0-9０-９]+)[\\s\\u3000]*号");
  }

  function escapeClass(chars) { return chars.replace(/[\\\]\[^-]/g, "\\$&"); }

  function nfkc(text) { return text.normalize("NFKC"); }

  function exactKey(text) { return "=" + nfkc(text).replace(/\s+/g, "").toUpperCase(); }

  /** Canonical 文号 (国办发〔2019〕54号) of every document number in the text. */
  function canonicalDocNos(text) {
    var found = [], match;
    docNoPattern.lastIndex = 0;
    while ((match = docNoPattern.exec(text)) !== null) {
      if (manifest.br[0].indexOf(match[2]) !== manifest.br[1].indexOf(match[4])) continue;
      var serial = String(parseInt(nfkc(match[5]), 10)), agency = match[1];
      var tail = "〔" + nfkc(match[3]) + "〕" + serial + "号";
      found.push({ text: match[0], canonical: agency + tail });
      // Without a dictionary of 机关代字 the number may have swallowed words before it (关于清民发…):
      // its shorter endings are looked up too.
      for (var len = Math.min(agency.length - 1, 8); agency.length > 6 && len >= 2; len--) {
        found.push({ text: "", canonical: agency.slice(-len) + tail });
      }
    }
    var order = orderPattern.exec(text);
    if (order) found.push({ text: order[0], canonical: order[1] + "第" + parseInt(nfkc(order[2]), 10) + "号" });
    return found;
  }

  function bigrams(run) {
    var result = [];
    for (var i = 0; i < run.length - 1; i++) result.push(run.slice(i, i + 2));
    return result;
  }

  function cjkTokens(run) { return run.length === 1 ? [run] : bigrams(run); }

  /** Every split of the letters into pinyin syllables with the fewest syllables (at most 4 splits). */
  function pinyinSplits(letters) {
    var best = [[[]]];
    for (var end = 1; end <= letters.length; end++) {
      var options = [];
      for (var len = 1; len <= 6 && len <= end; len++) {
        var syllable = letters.slice(end - len, end);
        if (!syllables.has(syllable) || !best[end - len]) continue;
        best[end - len].forEach(function (prefix) { options.push(prefix.concat([syllable])); });
      }
      if (!options.length) { best.push(null); continue; }
      var fewest = Math.min.apply(null, options.map(function (o) { return o.length; }));
      best.push(options.filter(function (o) { return o.length === fewest; }).slice(0, 4));
    }
    return (best[letters.length] || []).filter(function (split) { return split.length >= 2; });
  }

  function abbreviationVariants(run) {
    var variants = [];
    manifest.abbr.forEach(function (entry) {
      var short = entry[0];
      entry[1].forEach(function (full) {
        if (run.indexOf(short) >= 0) variants.push(run.split(short).join(full));
        else if (run.indexOf(full) >= 0) variants.push(run.split(full).join(short));
      });
    });
    return variants.slice(0, 6);
  }

  /** Units and columns whose name contains the text: their whole item lists (@u3, @c12). */
  function nameAlternatives(text) {
    var found = [];
    manifest.units.forEach(function (u, i) { if (u[2] > 0 && u[1].indexOf(text) >= 0) found.push("@u" + i); });
    manifest.cols.forEach(function (c, i) { if (c[3] > 0 && c[1].indexOf(text) >= 0) found.push("@c" + i); });
    if (found.length > NAME_MATCH_MAX) return [];      // 局, 政府: too common to mean one name
    return found.map(function (term) { return { tokens: [term], factor: 1 }; });
  }

  /** Names whose pinyin contains the letters as whole syllables (caizheng) or initials (czj). */
  function pinyinNameAlternatives(word) {
    var full = [], initials = [];
    function scan(entries, prefix, syllableIndex, countIndex) {
      entries.forEach(function (entry, index) {
        if (!entry[countIndex]) return;
        var syl = entry[syllableIndex].split(" "), term = prefix + index, i, j, k;
        for (i = 0; i < syl.length; i++) {
          var spelled = "";
          for (j = i; j < syl.length && syl[j] && spelled.length < word.length; j++) {
            spelled += syl[j];
            if (spelled === word && j > i) { full.push(term); i = syl.length; break; }
          }
        }
        if (word.length < 2 || word.length > 8) return;
        for (i = 0; i + word.length <= syl.length; i++) {
          for (k = 0; k < word.length && syl[i + k] && syl[i + k].charAt(0) === word.charAt(k); k++);
          if (k === word.length) { initials.push(term); break; }
        }
      });
    }
    scan(manifest.units, "@u", 4, 2);
    scan(manifest.cols, "@c", 4, 3);
    var alternatives = [];
    if (full.length <= NAME_MATCH_MAX) full.forEach(function (t) { alternatives.push({ tokens: [t], factor: 0.8 }); });
    if (initials.length <= NAME_MATCH_MAX) {
      initials.forEach(function (t) { if (full.indexOf(t) < 0) alternatives.push({ tokens: [t], factor: 0.6 }); });
    }
    return alternatives;
  }

  /** A run of letters typed for Chinese: the word itself, initials, full pinyin, a known abbreviation. */
  function letterAlternatives(word, highlights) {
    var alternatives = [{ tokens: [word], factor: 1 }];
    if (word.length >= 2 && word.length <= 4) alternatives.push({ tokens: ["#" + word], factor: 0.6 });
    pinyinSplits(word).forEach(function (split) {
      var pairs = [];
      for (var i = 0; i < split.length - 1; i++) pairs.push(split[i] + "'" + split[i + 1]);
      alternatives.push({ tokens: pairs, factor: 0.8 });
    });
    manifest.abbr.forEach(function (entry) {
      if (word !== entry[2] && word !== entry[3]) return;
      [entry[0]].concat(entry[1]).forEach(function (form) {
        alternatives.push({ tokens: cjkTokens(form), factor: 0.9 });
        alternatives = alternatives.concat(nameAlternatives(form));
        highlights.push(form);
      });
    });
    return alternatives.concat(pinyinNameAlternatives(word));
  }

  /** Query text -> AND-groups of OR-alternatives of AND-tokens, plus exact-lookup keys. */
  function parseQuery(raw) {
    var text = raw.trim(), exact = [], highlights = [], groups = [];
    if (!text) return null;
    exact.push(exactKey(text));
    canonicalDocNos(text).forEach(function (number) {
      exact.push(exactKey(number.canonical));
      // The parts still match items that cite the number in other words.
      if (number.text) text = text.replace(number.text, " " + number.canonical.replace(/[〔〕第号]/g, " ") + " ");
    });
    var normalised = nfkc(text).toLowerCase();
    var runs = normalised.match(CJK_OR_WORD) || [];
    runs.forEach(function (run) {
      var alternatives;
      highlights.push(run);
      if (/^[a-z]+$/.test(run)) {
        alternatives = letterAlternatives(run, highlights);
      } else if (/^[a-z0-9]+$/.test(run)) {
        alternatives = [{ tokens: [run], factor: 1 }];
      } else {
        alternatives = [{ tokens: cjkTokens(run), factor: 1 }].concat(nameAlternatives(run));
        abbreviationVariants(run).forEach(function (variant) {
          alternatives.push({ tokens: cjkTokens(variant), factor: 0.9 });
          alternatives = alternatives.concat(nameAlternatives(variant));
          highlights.push(variant);
        });
      }
      groups.push({ alternatives: alternatives });
    });
    return { groups: groups, exact: exact, highlights: highlights };
  }

  function queryTerms(query) {
    var terms = new Set(query.exact);
    query.groups.forEach(function (group) {
      group.alternatives.forEach(function (alt) { alt.tokens.forEach(function (t) { terms.add(t); }); });
    });
    return Array.from(terms);
  }

  /** Ranked document ids: every group matched first (title and 文号 before body, newer first), then partial matches. */
  function rank(query, lists) {
    var n = manifest.n, groupCount = query.groups.length;
    var score = new Float64Array(n), full = new Uint8Array(n), inTitle = new Uint8Array(n);
    var cover = new Float32Array(n), exact = new Uint8Array(n), seen = new Uint8Array(n), candidates = [];
    function touch(d) { if (!seen[d]) { seen[d] = 1; candidates.push(d); } }

    query.groups.forEach(function (group) {
      var value = new Float32Array(n), fraction = new Float32Array(n), touched = [];
      var mark = new Uint8Array(n);
      group.alternatives.forEach(function (alt) {
        var count = new Uint8Array(n), common = new Uint8Array(n), hits = [];
        alt.tokens.forEach(function (token) {
          var list = lists.get(token);
          for (var i = 0; i < list.ids.length; i++) {
            var d = list.ids[i];
            if (!count[d]) { hits.push(d); common[d] = list.cls[i]; } else common[d] &= list.cls[i];
            count[d]++;
          }
        });
        var size = alt.tokens.length;
        hits.forEach(function (d) {
          var part = count[d] / size;
          if (part > fraction[d]) fraction[d] = part;
          if (count[d] === size) {
            var bits = common[d];
            var weight = bits & TITLE ? WEIGHT_TITLE : bits & META ? WEIGHT_META : bits & BODY ? WEIGHT_BODY
              : WEIGHT_SCATTERED;
            var v = weight * alt.factor + (bits & TITLE ? 0.001 : 0);
            if (v > value[d]) value[d] = v;
          }
          if (!mark[d]) { mark[d] = 1; touched.push(d); }
        });
      });
      touched.forEach(function (d) {
        touch(d);
        cover[d] += fraction[d];
        if (value[d] > 0) {
          full[d]++;
          score[d] += value[d];
          if (value[d] >= WEIGHT_TITLE * 0.6) inTitle[d]++;
        }
      });
    });
    query.exact.forEach(function (key) {
      var list = lists.get(key);
      for (var i = 0; i < list.ids.length; i++) {
        var d = list.ids[i];
        touch(d);
        exact[d] |= list.cls[i];
      }
    });

    // A full 索引号 or 文号 that names an item is a lookup: near misses would only bury it.
    var exactFound = candidates.some(function (d) { return exact[d] & (TITLE | META); });
    var strict = [], partial = [];
    candidates.forEach(function (d) {
      if (exact[d] & (TITLE | META)) { score[d] += EXACT_BONUS; strict.push(d); return; }
      if (groupCount && full[d] === groupCount) {
        if (inTitle[d] === groupCount) score[d] += TITLE_ALL_BONUS;
        strict.push(d);
      } else if (exact[d]) {
        strict.push(d);
      } else if (groupCount && !exactFound && cover[d] / groupCount >= PARTIAL_MIN_COVER) {
        partial.push(d);
      }
    });
    strict.sort(function (x, y) { return score[y] - score[x] || y - x; });
    // Near misses help only when the full matches do not fill a page; a few pages of them at most.
    if (strict.length >= manifest.ps) partial = [];
    partial.sort(function (x, y) { return cover[y] - cover[x] || score[y] - score[x] || y - x; });
    partial = partial.slice(0, PARTIAL_MAX);
    var isStrict = new Uint8Array(n);
    strict.forEach(function (d) { isStrict[d] = 1; });
    return { ids: strict.concat(partial), strict: strict.length, isStrict: isStrict };
  }

  function search(text) {
    var query = parseQuery(text);
    if (!query) return Promise.resolve({ query: null, ids: [], strict: 0, isStrict: new Uint8Array(0) });
    var terms = queryTerms(query);
    var started = performance.now();
    var entries = new Map();
    return Promise.all(terms.map(shardEntry)).then(function (found) {
      terms.forEach(function (term, i) { entries.set(term, found[i]); });
      thin(query, entries);
      var needed = queryTerms(query);
      return Promise.all(needed.map(function (term) {
        var entry = entries.get(term);
        return entry.big ? bigList(term, entry.crc) : entry.list;
      })).then(function (lists) { return [needed, lists]; });
    }).then(function (got) {
      api.timing.postingsMs = performance.now() - started;
      var ranking = performance.now();
      var lists = new Map();
      got[0].forEach(function (term, i) { lists.set(term, got[1][i]); });
      var ranked = rank(query, lists);
      ranked.query = query;
      api.timing.rankMs = performance.now() - ranking;
      return ranked;
    });
  }

  /* ---------- filters and facets ---------- */

  var facets = null;

  function loadFacets() {
    if (facets) return Promise.resolve(facets);
    return load("f", 0, "f.js").then(function (data) {
      if (!data) return null;
      facets = { unit: unpack(data.u, data.uw), column: unpack(data.c, data.cw) };
      return facets;
    });
  }

  function unpack(text, width) {
    var values = new Uint16Array(text.length / width);
    for (var i = 0; i < values.length; i++) {
      var v = 0;
      for (var k = 0; k < width; k++) v = v * 64 + DIGIT[text.charCodeAt(i * width + k)];
      values[i] = v;
    }
    return values;
  }

  function yearOf(id) {
    var years = manifest.years, year = "";
    for (var i = 0; i < years.length && years[i][1] <= id; i++) year = years[i][0];
    return year;
  }

  function columnWithin(column, ancestor) {
    for (var c = column; c >= 0; c = manifest.cols[c][2]) if (c === ancestor) return true;
    return false;
  }

  function applyFilters(ids, filters) {
    return ids.filter(function (d) {
      if (filters.year && yearOf(d) !== filters.year) return false;
      if (filters.unit >= 0 && facets.unit[d] !== filters.unit) return false;
      if (filters.column >= 0 && !columnWithin(facets.column[d], filters.column)) return false;
      return true;
    });
  }

  function facetCounts(ids) {
    var counts = { unit: new Map(), column: new Map(), year: new Map() };
    ids.forEach(function (d) {
      var y = yearOf(d);
      counts.year.set(y, (counts.year.get(y) || 0) + 1);
      if (!facets) return;
      counts.unit.set(facets.unit[d], (counts.unit.get(facets.unit[d]) || 0) + 1);
      for (var c = facets.column[d]; c >= 0; c = manifest.cols[c][2]) counts.column.set(c, (counts.column.get(c) || 0) + 1);
    });
    return counts;
  }

  /* ---------- the page ---------- */

  var ui = {};
  var elements = {};
  var lastRanked = null, lastText = null;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    return {
      q: params.get("q") || "", unit: params.get("unit") || "", column: params.get("column") || "",
      year: params.get("year") || "", page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1)
    };
  }

  function stateUrl(state) {
    var params = new URLSearchParams();
    ["q", "unit", "column", "year"].forEach(function (key) { if (state[key]) params.set(key, state[key]); });
    if (state.page > 1) params.set("page", String(state.page));
    return "?" + params.toString();
  }

  function indexBySlug(list, slug) {
    for (var i = 0; i < list.length; i++) if (list[i][0] === slug) return i;
    return -1;
  }

  function fillSelect(select, entries, allLabel, selected) {
    select.textContent = "";
    select.appendChild(new Option(allLabel, ""));
    entries.forEach(function (entry) {
      var option = new Option(entry.label, entry.value, false, entry.value === selected);
      option.dataset.name = entry.name;
      select.appendChild(option);
    });
    select.value = selected;
  }

  function depthOf(list, i, parentIndex) {
    var depth = 0;
    for (var p = list[i][parentIndex]; p >= 0; p = list[p][parentIndex]) depth++;
    return depth;
  }

  function buildFilters(state) {
    var units = manifest.units.map(function (u, i) {
      return { value: u[0], name: u[1], label: "\u3000".repeat(u[3]) + u[1], index: i, total: u[2] };
    }).filter(function (u) { return u.total > 0; });
    var columns = manifest.cols.map(function (c, i) {
      var depth = depthOf(manifest.cols, i, 2);
      return { value: c[0], name: c[1], label: "\u3000".repeat(depth) + c[1], index: i, total: c[3] };
    }).filter(function (c) { return c.total > 0; });
    var years = manifest.years.map(function (y) { return { value: y[0], name: y[0], label: y[0] }; }).reverse();
    fillSelect(elements.unit, units, ui.all_units, state.unit);
    fillSelect(elements.column, columns, ui.search_all_columns, state.column);
    fillSelect(elements.year, years, ui.search_all_years, state.year);
    elements.filters.hidden = false;
  }

  function showCounts(select, counts, indexOf) {
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var count = counts.get(indexOf(option.value)) || 0;
      option.textContent = option.textContent.replace(/（\d+）$/, "") + format(ui.search_facet_count, { count: count });
    });
  }

  function highlight(text, terms) {
    var fragment = document.createDocumentFragment();
    var lowered = nfkc(text).toLowerCase();
    if (lowered.length !== text.length) lowered = text.toLowerCase();
    var marks = new Uint8Array(text.length);
    terms.forEach(function (term) {
      if (!term) return;
      for (var at = lowered.indexOf(term); at >= 0; at = lowered.indexOf(term, at + 1)) {
        for (var k = at; k < at + term.length; k++) marks[k] = 1;
      }
    });
    var start = 0;
    for (var i = 1; i <= text.length; i++) {
      if (i === text.length || marks[i] !== marks[start]) {
        var piece = text.slice(start, i);
        if (marks[start]) {
          var mark = document.createElement("mark");
          mark.textContent = piece;
          fragment.appendChild(mark);
        } else {
          fragment.appendChild(document.createTextNode(piece));
        }
        start = i;
      }
    }
    return fragment;
  }

  function loadDocs(ids) {
    var size = manifest.ds, shards = Array.from(new Set(ids.map(function (d) { return Math.floor(d / size); })));
    return Promise.all(shards.map(function (k) {
      return load("d", k, "d/" + Math.floor(k / 256) + "/" + k + ".js");
    })).then(function () {
      return ids.map(function (d) {
        var rows = store.d[Math.floor(d / size)];
        return rows ? rows[d % size] : null;
      });
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderHits(rows, ids, firstNumber, strictCount, terms) {
    var list = element("ol", "search-list");
    list.start = firstNumber;
    rows.forEach(function (row, i) {
      if (!row) return;
      var item = element("li", "search-hit");
      if (firstNumber + i - 1 === strictCount) item.appendChild(element("p", "search-partial-note", ui.search_partial));
      var heading = element("h3", "hit-title");
      var link = element("a");
      link.href = elements.root + "docs/" + row[8] + ".html";
      link.appendChild(highlight(row[0], terms));
      heading.appendChild(link);
      if (row[7] === "失效" || row[7] === "废止") heading.appendChild(element("span", "badge", row[7]));
      item.appendChild(heading);
      var meta = element("p", "hit-meta");
      [[ui.col_unit, manifest.units[row[4]] ? manifest.units[row[4]][1] : ""], [ui.col_date, row[3]],
       [ui.col_index_no, row[1]], [ui.col_doc_no, row[2]]].forEach(function (pair) {
        if (!pair[1]) return;
        var span = element("span", "hit-field");
        span.appendChild(element("span", "hit-label", pair[0] + "："));
        span.appendChild(highlight(pair[1], terms));
        meta.appendChild(span);
      });
      item.appendChild(meta);
      if (row[6]) {
        var snippet = element("p", "hit-snippet");
        snippet.appendChild(highlight(row[6], terms));
        item.appendChild(snippet);
      }
      list.appendChild(item);
    });
    return list;
  }

  function pageLink(state, page, label, ariaLabel, rel) {
    var link = element("a", "", label);
    link.href = stateUrl(Object.assign({}, state, { page: page }));
    if (ariaLabel) link.setAttribute("aria-label", ariaLabel);
    if (rel) link.rel = rel;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      navigate(Object.assign({}, state, { page: page }), true);
    });
    return link;
  }

  function renderPagination(state, pages) {
    var nav = element("nav", "pagination");
    nav.setAttribute("aria-label", ui.pagination);
    var list = element("ul");
    function add(node) { var li = element("li"); li.appendChild(node); list.appendChild(li); }
    if (state.page > 1) add(pageLink(state, state.page - 1, ui.prev_page, null, "prev"));
    for (var p = Math.max(1, state.page - 3); p <= Math.min(pages, state.page + 3); p++) {
      if (p === state.page) {
        var current = element("span", "current");
        current.setAttribute("aria-current", "page");
        current.appendChild(element("span", "visually-hidden", ui.current_page + "："));
        current.appendChild(document.createTextNode(String(p)));
        add(current);
      } else {
        add(pageLink(state, p, String(p), format(ui.page_n, { n: p })));
      }
    }
    if (state.page < pages) add(pageLink(state, state.page + 1, ui.next_page, null, "next"));
    nav.appendChild(list);
    return nav;
  }

  function setStatus(text) { elements.status.textContent = text; }

  function run(state) {
    var started = performance.now();
    elements.input.value = state.q;
    if (!state.q.trim()) {
      elements.results.textContent = "";
      setStatus(ui.search_enter_query);
      api.runs++;
      return Promise.resolve();
    }
    setStatus(ui.search_loading);
    var needFacets = state.unit || state.column;
    var ranked = lastText === state.q && lastRanked ? Promise.resolve(lastRanked) : search(state.q);
    return Promise.all([ranked, needFacets ? loadFacets() : Promise.resolve(facets)]).then(function (got) {
      var result = got[0];
      lastRanked = result; lastText = state.q;
      var filters = {
        unit: indexBySlug(manifest.units, state.unit), column: indexBySlug(manifest.cols, state.column),
        year: state.year
      };
      var ids = (filters.unit >= 0 || filters.column >= 0 || filters.year) && (facets || !needFacets)
        ? applyFilters(result.ids, filters) : result.ids;
      var strictCount = ids === result.ids ? result.strict
        : ids.filter(function (d) { return result.isStrict[d]; }).length;
      var counts = facetCounts(result.ids);
      showCounts(elements.year, counts.year, function (v) { return v; });
      if (facets) {
        showCounts(elements.unit, counts.unit, function (v) { return indexBySlug(manifest.units, v); });
        showCounts(elements.column, counts.column, function (v) { return indexBySlug(manifest.cols, v); });
      }
      var size = manifest.ps, pages = Math.max(1, Math.ceil(ids.length / size));
      var page = Math.min(state.page, pages);
      var shown = ids.slice((page - 1) * size, page * size);
      var loadingDocs = performance.now();
      return loadDocs(shown).then(function (rows) {
        api.timing.docsMs = performance.now() - loadingDocs;
        elements.results.textContent = "";
        var heading = element("h2", "", ui.search_results_heading);
        heading.id = "search-results-heading";
        elements.results.appendChild(heading);
        if (!ids.length) {
          elements.results.appendChild(element("p", "search-none", format(ui.search_none, { query: state.q })));
          setStatus(format(ui.search_none, { query: state.q }));
        } else {
          elements.results.appendChild(renderHits(rows, shown, (page - 1) * size + 1, strictCount,
            result.query.highlights));
          if (pages > 1) elements.results.appendChild(renderPagination(Object.assign({}, state, { page: page }), pages));
          setStatus(format(ui.search_count, { count: strictCount }) +
            (ids.length > strictCount ? format(ui.search_count_partial, { count: ids.length - strictCount }) : "") +
            (pages > 1 ? format(ui.search_page_of, { page: page, pages: pages }) : ""));
        }
        api.lastQueryMs = performance.now() - started;
        if (api.firstResultsAt === null) api.firstResultsAt = performance.now();
        api.lastIds = shown.slice();
        api.lastTotal = ids.length;
        api.runs++;
      });
    }).catch(function (error) {
      setStatus(ui.search_load_error);
      throw error;
    });
  }

  function navigate(state, push) {
    if (push) history.pushState(null, "", stateUrl(state));
    return run(state).then(function () {
      if (push) elements.status.focus();
    });
  }

  function formState() {
    return {
      q: elements.input.value, unit: elements.unit.value, column: elements.column.value,
      year: elements.year.value, page: 1
    };
  }

  var api = {
    firstResultsAt: null, lastQueryMs: null, timing: {}, lastIds: [], lastTotal: 0, runs: 0,
    /** For benchmarks and tests: run a query on the page as a reader would. */
    run: function (state) { return navigate(Object.assign({ q: "", unit: "", column: "", year: "", page: 1 }, state), true); },
    canonicalDocNos: function (text) { return canonicalDocNos(text).map(function (n) { return n.canonical; }); },
    ready: null
  };
  window.sgSearch = api;

  function start() {
    var results = document.getElementById("search-results");
    if (!results) return;
    ui = JSON.parse(document.getElementById("search-strings").textContent);
    elements = {
      // Links go through this edition's home page link, so the 关怀版 twin links to 关怀版 pages.
      results: results, root: (results.getAttribute("data-home") || "").replace(/index\.html$/, ""),
      form: document.getElementById("search-form"), input: document.getElementById("q"),
      status: document.getElementById("search-status"), filters: document.getElementById("search-filters"),
      unit: document.getElementById("f-unit"), column: document.getElementById("f-column"),
      year: document.getElementById("f-year")
    };
    api.ready = load("m", 0, "m.js").then(function (m) {
      if (!m) { setStatus(ui.search_load_error); return; }
      prepareManifest(m);
      var state = readState();
      buildFilters(state);
      elements.form.addEventListener("submit", function (event) {
        event.preventDefault();
        navigate(formState(), true);
      });
      ["unit", "column", "year"].forEach(function (name) {
        elements[name].addEventListener("change", function () { navigate(formState(), true); });
      });
      // Unit and column counts need every hit's codes: loaded when the reader turns to the filters.
      elements.filters.addEventListener("focusin", function () {
        loadFacets().then(function () {
          if (lastRanked) {
            var counts = facetCounts(lastRanked.ids);
            showCounts(elements.unit, counts.unit, function (v) { return indexBySlug(manifest.units, v); });
            showCounts(elements.column, counts.column, function (v) { return indexBySlug(manifest.cols, v); });
          }
        });
      }, { once: true });
      window.addEventListener("popstate", function () { run(readState()); });
      return run(state);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
