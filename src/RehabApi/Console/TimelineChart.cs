using System.Globalization;
using System.Net;
using System.Text;
using RehabApi.Domain.Timeline;

namespace RehabApi.ClinicianConsole;

/// <summary>The episode's timeline as an SVG drawn on the server (no script, no chart library): one row per phase,
/// the actual stay as a solid bar, and ahead of today the expected stay as a lighter bar with the earliest dates
/// marked by an outlined one. A line marks today.</summary>
internal static class TimelineChart
{
    private const int LabelWidth = 210, ChartWidth = 640, RowHeight = 34, Top = 30, BarHeight = 14;

    public static string Svg(EpisodeTimeline timeline, DateOnly today)
    {
        var dates = timeline.Phases
            .SelectMany(p => new[] { p.EnteredOn, p.LeftOn, p.EarliestEntry, p.ExpectedEntry, p.EarliestExit, p.ExpectedExit })
            .OfType<DateOnly>().Append(today).ToList();
        var first = dates.Min();
        var span = Math.Max(1, dates.Max().DayNumber - first.DayNumber);
        double X(DateOnly date) => LabelWidth + (date.DayNumber - first.DayNumber) * (double)ChartWidth / span;
        var height = Top + timeline.Phases.Count * RowHeight + 10;

        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LabelWidth + ChartWidth + 20} {height}" role="img" aria-labelledby="timeline-title"><title id="timeline-title">Timeline of the episode, {first:yyyy-MM-dd} to {dates.Max():yyyy-MM-dd}: solid bars are actual stays, light bars expected, outlined bars earliest possible</title>"""));
        svg.Append(Invariant($"""<text x="{LabelWidth}" y="16" font-size="12" fill="#4a5360">{first:d MMM yyyy}</text>"""));
        svg.Append(Invariant($"""<text x="{LabelWidth + ChartWidth}" y="16" font-size="12" fill="#4a5360" text-anchor="end">{dates.Max():d MMM yyyy}</text>"""));
        for (var i = 0; i < timeline.Phases.Count; i++)
        {
            var phase = timeline.Phases[i];
            var y = Top + i * RowHeight;
            var weight = phase.State == TimelinePhaseStates.Current ? "700" : "400";
            svg.Append(Invariant($"""<text x="0" y="{y + BarHeight}" font-size="14" font-weight="{weight}" fill="#1b1f24">{WebUtility.HtmlEncode(phase.Name)}</text>"""));
            if (phase.EnteredOn is { } entered)
                Bar(svg, X(entered), X(phase.LeftOn ?? today), y, "fill=\"#0b5cad\"", $"{phase.Name}: in this phase {entered:yyyy-MM-dd} to {(phase.LeftOn is { } left ? left.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "today")}");
            var expectedFrom = phase.ExpectedEntry ?? (phase.State == TimelinePhaseStates.Current ? today : null);
            if (expectedFrom is { } from && phase.ExpectedExit is { } to && to > from)
                Bar(svg, X(from), X(to), y, "fill=\"#9cc3ea\"", $"{phase.Name}: expected until {to:yyyy-MM-dd}");
            var earliestFrom = phase.EarliestEntry ?? (phase.State == TimelinePhaseStates.Current ? today : null);
            if (earliestFrom is { } start && phase.EarliestExit is { } end && end > start)
                Bar(svg, X(start), X(end), y + BarHeight + 2, "fill=\"none\" stroke=\"#0b5cad\" stroke-dasharray=\"4 2\"",
                    $"{phase.Name}: earliest {start:yyyy-MM-dd} to {end:yyyy-MM-dd}", height: 6);
        }
        svg.Append(Invariant($"""<line x1="{X(today):0.#}" x2="{X(today):0.#}" y1="20" y2="{height - 4}" stroke="#a3141f" stroke-width="2"><title>Today, {today:yyyy-MM-dd}</title></line>"""));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Bar(StringBuilder svg, double x1, double x2, int y, string paint, string title, int height = BarHeight) =>
        svg.Append(Invariant($"""<rect x="{x1:0.#}" y="{y}" width="{Math.Max(2, x2 - x1):0.#}" height="{height}" rx="3" {paint}><title>{WebUtility.HtmlEncode(title)}</title></rect>"""));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
