package io.vdobench.report.html;

/** The page's inline style and script (kept in code so the page needs no other file). */
final class PageAssets {
    private PageAssets() {
    }

    static final String CSS = """
            :root { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222; }
            body { margin: 0 auto; max-width: 1380px; padding: 0 16px 40px; font-size: 14px; line-height: 1.4; }
            header h1 { font-size: 22px; margin: 18px 0 4px; }
            h2 { font-size: 19px; border-bottom: 2px solid #0072B2; padding-bottom: 3px; margin-top: 28px; }
            h3 { font-size: 16px; margin: 22px 0 6px; }
            h4 { font-size: 14px; margin: 14px 0 4px; }
            code { font-size: 12px; background: #f2f2f2; padding: 0 3px; }
            nav ul { list-style: none; padding: 0; margin: 6px 0; display: flex; gap: 14px; flex-wrap: wrap; }
            nav a { color: #0072B2; }
            .meta { color: #555; font-size: 12.5px; margin: 2px 0 8px; }
            .nodata { color: #777; font-style: italic; background: #f6f6f6; border-left: 3px solid #bbb; padding: 6px 10px; }
            .error { color: #fff; background: #b2182b; padding: 6px 10px; font-weight: 600; }
            .path { background: #e8f1f8; border-left: 5px solid #0072B2; padding: 8px 12px; font-size: 15px; margin: 10px 0; }
            .path.warn { background: #fdf0e6; border-left-color: #D55E00; }
            table { border-collapse: collapse; margin: 4px 0 10px; }
            th, td { padding: 3px 8px; border: 1px solid #e2e2e2; text-align: left; vertical-align: top; }
            th { background: #f4f4f4; font-weight: 600; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.gain { color: #2166ac; font-weight: 600; } td.loss, .loss { color: #b2182b; font-weight: 600; }
            table.env th { width: 150px; } table.env td { min-width: 260px; } table.small { font-size: 12px; }
            table.summary td, table.summary th { font-size: 14px; padding: 5px 10px; }
            table.heat td { width: 74px; text-align: center; font-variant-numeric: tabular-nums; font-size: 13px;
                            border: 2px solid #fff; padding: 6px 4px; }
            table.heat th { border: 2px solid #fff; }
            .legend { display: flex; align-items: center; gap: 0; font-size: 12px; margin-bottom: 8px; }
            .legend i { display: inline-block; width: 26px; height: 14px; }
            .legend span { padding: 0 6px; } .legend .grey { color: #777; margin-left: 14px; }
            .grid { display: flex; flex-wrap: wrap; gap: 8px; }
            img.chart { border: 1px solid #eee; max-width: 100%; height: auto; }
            table.cases { font-size: 12.5px; }
            table.conf td { text-align: center; min-width: 64px; font-size: 12.5px; }
            td.ok { background: #1a9850; color: #fff; } td.okfail { background: #a6d96a; color: #123; }
            td.bad { background: #b2182b; color: #fff; font-weight: 700; } td.skip, td.na { background: #e0e0e0; color: #666; }
            td.good { color: #1a9850; } td.amber { color: #b35806; font-weight: 600; } td.bad { }
            .scroll { overflow-x: auto; }
            table.conf.dense td { min-width: 20px; padding: 2px 2px; font-size: 11px; }
            table.conf.dense th { font-size: 10.5px; padding: 2px 2px; white-space: nowrap; text-align: center; }
            table.conf.dense th.rh { white-space: normal; overflow-wrap: anywhere; text-align: left;
                                                   min-width: 150px; max-width: 210px; padding: 2px 4px; }
            td.info { background: #fdb863; color: #3a2200; } td.plain { background: #f7f7f7; }
            td.verdict { font-weight: 700; } p.provenance code { font-size: 11.5px; }
            details { margin: 8px 0; } summary { cursor: pointer; color: #0072B2; }
            """;

    /**
     * Marks on {@code <body>} how many chart images decoded, and logs an error for any that did not:
     * the browser test reads both.
     */
    static final String CHECK_IMAGES = """
            (function () {
              function check() {
                var imgs = document.querySelectorAll('img.chart');
                var ok = 0;
                for (var i = 0; i < imgs.length; i++) {
                  var im = imgs[i];
                  if (im.complete && im.naturalWidth > 0 && im.naturalHeight > 0) { ok++; }
                  else { console.error('chart image did not decode: ' + im.alt); }
                }
                document.body.setAttribute('data-charts-decoded', String(ok));
              }
              if (document.readyState === 'complete') { check(); } else { window.addEventListener('load', check); }
            })();
            """;
}
