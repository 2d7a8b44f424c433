namespace RehabApi.ClinicianConsole;

/// <summary>The console's one stylesheet, served from /console/console.css: large touch targets and a single column
/// below 50rem, so that a tablet on a ward reads it; colours chosen for contrast (axe checks them).</summary>
internal static class ConsoleStyles
{
    public const string Css = """
        :root { --ink: #1b1f24; --muted: #4a5360; --line: #c9d1db; --bg: #f6f8fa; --accent: #0b5cad;
                --ok: #17663a; --warn: #8a4b00; --bad: #a3141f; font-size: 17px; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); line-height: 1.45; }
        header.bar { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; justify-content: space-between;
                     padding: .6rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
        header.bar a.home { font-weight: 700; color: var(--ink); text-decoration: none; font-size: 1.1rem; }
        header.bar .who { color: var(--muted); }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
        a { color: var(--accent); }
        section.card { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }
        table { width: 100%; border-collapse: collapse; background: #fff; }
        th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: .9rem; color: var(--muted); }
        .badge { display: inline-block; padding: .1rem .5rem; border-radius: 1rem; font-size: .9rem; font-weight: 600; border: 1px solid; }
        .ready { color: var(--ok); } .blocked { color: var(--warn); } .on-hold, .pain { color: var(--bad); }
        .met::before { content: "\2713  "; color: var(--ok); font-weight: 700; }
        .unmet::before { content: "\2717  "; color: var(--bad); font-weight: 700; }
        ul.checklist { list-style: none; padding: 0; margin: 0; } ul.checklist li { padding: .4rem 0; border-bottom: 1px solid var(--line); }
        .muted { color: var(--muted); }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        form.inline { display: inline; }
        form.action { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: .5rem 0; }
        label { display: flex; flex-direction: column; font-size: .9rem; color: var(--muted); gap: .2rem; }
        input, select, textarea, button { font: inherit; min-height: 2.75rem; padding: .4rem .6rem; border: 1px solid #7a8694; border-radius: .35rem; color: var(--ink); background: #fff; }
        button { background: var(--accent); color: #fff; border-color: var(--accent); font-weight: 600; cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        .notice { padding: .75rem 1rem; border-radius: .4rem; margin-bottom: 1rem; border: 1px solid; background: #fff; }
        .notice.ok { border-color: var(--ok); } .notice.error { border-color: var(--bad); }
        nav.filters { display: flex; flex-wrap: wrap; gap: .4rem; margin-bottom: 1rem; }
        nav.filters a { padding: .4rem .7rem; border: 1px solid var(--line); border-radius: 1rem; background: #fff; text-decoration: none; }
        nav.filters a[aria-current] { background: var(--accent); color: #fff; border-color: var(--accent); }
        .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        svg.timeline { width: 100%; height: auto; background: #fff; }
        @media (max-width: 50rem) { .grid { grid-template-columns: 1fr; } th.optional, td.optional { display: none; } }
        """;
}
