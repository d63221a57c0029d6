namespace Leuka.Web;

/// <summary>The app's one style sheet: plain, high-contrast, readable at the bedside.</summary>
internal static class Styles
{
    public const string Css = """
        :root { font-family: system-ui, sans-serif; color: #111; background: #fff; line-height: 1.45; }
        body { margin: 0; }
        .skip { position: absolute; left: -999px; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; z-index: 2; }
        header { background: #12355b; }
        nav { display: flex; gap: 1.2rem; padding: 0.6rem 1rem; flex-wrap: wrap; }
        nav a { color: #fff; font-weight: 600; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        a { color: #0b4f9c; }
        a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f0a000; outline-offset: 2px; }
        fieldset { border: 1px solid #888; margin: 0 0 1rem; padding: 0.5rem 1rem 1rem; }
        legend { font-weight: 700; }
        .row { display: grid; grid-template-columns: 12rem 1fr; gap: 0.3rem 1rem; align-items: start; margin: 0.35rem 0; }
        .row label { font-weight: 600; padding-top: 0.3rem; }
        .value { display: flex; gap: 0.4rem; flex-wrap: wrap; align-items: center; }
        input, select, textarea, button { font: inherit; }
        input[type=text], input[type=number] { width: 9rem; }
        button { background: #12355b; color: #fff; border: 0; padding: 0.45rem 1rem; border-radius: 4px; cursor: pointer; }
        button.secondary { background: #555; }
        .error { color: #a40000; font-weight: 600; margin: 0.2rem 0 0; }
        .hint { color: #444; font-size: 0.92rem; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
        th, td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #e8eef5; }
        .critical { color: #a40000; font-weight: 700; }
        .caution { color: #7a4a00; font-weight: 600; }
        .ok { color: #0a5a1a; font-weight: 700; }
        .cards li { margin: 0.5rem 0; }
        .console { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.6rem; }
        .tile { border: 1px solid #999; padding: 0.5rem; border-radius: 4px; }
        .tile .big { font-size: 1.5rem; font-weight: 700; }
        .alarm-absolute { border-left: 6px solid #a40000; }
        .alarm-safety { border-left: 6px solid #c06000; }
        .alarm-warning { border-left: 6px solid #807000; }
        ul.alarms { list-style: none; padding: 0; }
        ul.alarms li { padding: 0.4rem 0.6rem; margin: 0.3rem 0; background: #f6f6f6; }
        .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0; align-items: center; }
        svg text { font-size: 11px; }
        """;
}
