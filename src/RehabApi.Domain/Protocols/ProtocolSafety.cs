using System.Text.RegularExpressions;

namespace RehabApi.Domain.Protocols;

/// <summary>Decides whether a clinic's own version of a protocol may be published: it must be well formed and keep
/// the safety floors of the built-in version it varies (<c>floor</c> in <see cref="Check"/>). Pure: the same answer
/// for the same two definitions, and nothing is read or written.
/// <para>The comparison is complete: every field of the candidate is compared with the floor, and it may differ only
/// where this allow-list says, in the direction it says. Everything else must be the floor's.</para>
/// <list type="bullet">
/// <item>Free text: <c>title</c>, phase names, requirement descriptions (not blank, bounded).</item>
/// <item>Longer: phase <c>typicalDays</c>; <c>nonWeightBearingWeeks</c> (min, max and both defaults);
/// <c>imaging.minDaysAfterNonWeightBearingStart</c>; a requirement's days or weeks; the walk–run ladder's sessions per
/// step, rest after pain, days between sessions and final continuous run.</item>
/// <item>Stricter: an at-least threshold up, an at-most threshold down; a conditional sign-off made unconditional;
/// <c>painReportsFromPhase</c> earlier; a lower <c>surgicalReferral.minNeckWidthPercent</c>.</item>
/// <item>More: high-risk sites and surgical-referral sites (among the floor's sites); gentler walk–run steps among the
/// floor's; new clearance types, observation codes, and requirements that can only block (a clearance, an observation
/// threshold, days in the phase).</item>
/// <item>Fewer: the roles that advance, resume or sign a clearance, as long as a physician stays wherever the floor has
/// one. Regress, hold, withdraw, imaging and observations keep their roles: fewer hands there is looser.</item>
/// </list>
/// <para><c>version</c> is not compared: the server assigns it when it publishes.</para></summary>
public static partial class ProtocolSafety
{
    /// <summary>Field errors (a JSON path into the submitted definition, and a message naming what is unsafe or
    /// malformed and why); empty when <paramref name="candidate"/> may be published.</summary>
    public static IReadOnlyList<(string Field, string Message)> Check(ProtocolDefinition candidate, ProtocolDefinition floor)
    {
        var findings = new Findings();
        // Later checks walk these collections; a definition with holes in it is reported and stops here.
        if (!IsComplete(candidate, findings)) return findings.All;

        if (candidate.Key != floor.Key) findings.Add("key", $"key must be '{floor.Key}', the protocol this version varies.");
        Text(findings, "title", candidate.Title, MaxTitleLength);
        CheckPhases(candidate, floor, findings);
        CheckNonWeightBearingWeeks(candidate.NonWeightBearingWeeks, floor.NonWeightBearingWeeks, findings);
        CheckImaging(candidate.Imaging, floor.Imaging, findings);
        CheckPainReportsFromPhase(candidate, floor, findings);
        CheckSites(candidate, floor, findings);
        CheckSurgicalReferral(candidate, floor, findings);
        CheckClearanceTypes(candidate, floor, findings);
        CheckObservationCodes(candidate, floor, findings);
        CheckRoles(candidate, floor, findings);
        CheckCommonRequirements(candidate, floor, findings);
        CheckGates(candidate, floor, findings);
        CheckWalkRun(candidate.WalkRun, floor.WalkRun, findings);
        CheckVersion2(candidate, floor, findings);
        return findings.All;
    }

    /// <summary>Every duration is a bounded whole number (PROTOCOL.md "Date bounds" [all versions]), so no date arithmetic
    /// can overflow: a time rule of 613566756 weeks once wrapped round and was met before the diagnosis.</summary>
    private const int MaxDays = 365, MaxWeeks = 52;

    /// <summary>Texts are shown to clinicians and patients; codes are stored in columns of 64 characters, units of 16.</summary>
    private const int MaxTitleLength = 200, MaxNameLength = 100, MaxDescriptionLength = 1000, MaxCodeLength = 64, MaxUnitLength = 16;

    /// <summary>An added observation code's range: well inside what an observation's value column (numeric(9,2)) holds.</summary>
    private const decimal MaxObservationMagnitude = 1_000_000m;

    /// <summary>A value that may only grow: not below the floor's, and not above <paramref name="max"/>.</summary>
    private static void AtLeastTheFloor(Findings findings, string field, int? value, int floor, int max, string why)
    {
        var name = field.Split('.')[^1];
        if (!(value >= floor)) findings.Add(field, $"{name} is {value?.ToString() ?? "missing"}; it may not be below the default {floor}: {why}.");
        else if (value > max) findings.Add(field, $"{name} may be at most {max}.");
    }

    private static void Bounded(Findings findings, string field, int? value, int max)
    {
        if (value > max) findings.Add(field, $"{field.Split('.')[^1]} may be at most {max}.");
    }

    private static void Text(Findings findings, string field, string value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) findings.Add(field, $"{field.Split('.')[^1]} is required.");
        else if (value.Length > maxLength) findings.Add(field, $"{field.Split('.')[^1]} may be at most {maxLength} characters.");
    }

    /// <summary>A code the clinic adds (clearance type, observation code, requirement code, unit): lower-case words
    /// joined by hyphens, as the default's are, short enough for the columns that store it.</summary>
    private static void Code(Findings findings, string field, string value, int maxLength = MaxCodeLength)
    {
        if (value.Length > maxLength || !CodePattern().IsMatch(value))
            findings.Add(field, $"'{value}' is not a code: lower-case letters and digits in words joined by '-', at most {maxLength} characters.");
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    /// <summary>Every value of <paramref name="floor"/> is still in <paramref name="values"/>.</summary>
    private static void MustKeep(Findings findings, string field, IEnumerable<string> values, IEnumerable<string> floor, string what)
    {
        foreach (var missing in floor.Except(values))
            findings.Add(field, $"The default's {what} '{missing}' must be kept.");
    }

    private static int IndexOf<T>(IReadOnlyList<T> items, Func<T, bool> match)
    {
        for (var i = 0; i < items.Count; i++)
            if (match(items[i])) return i;
        return -1;
    }

    private static void Unique(Findings findings, string field, IEnumerable<string> values, string what)
    {
        foreach (var twice in values.GroupBy(v => v).Where(g => g.Count() > 1))
            findings.Add(field, $"The {what} '{twice.Key}' is listed twice.");
    }

    private sealed class Findings
    {
        private readonly List<(string Field, string Message)> all = [];

        public IReadOnlyList<(string Field, string Message)> All => all;

        public void Add(string field, string message) => all.Add((field, message));
    }
}
