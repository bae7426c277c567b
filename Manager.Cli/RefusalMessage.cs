using System.Net;
using System.Text.Json.Nodes;

namespace Manager.Cli;

/// <summary>
/// What the CLI prints when the manager refuses a request: the status and the problem's title and detail, then one
/// line per wrong field from the problem's <c>errors</c> (<c>settings.frames (--frames): …</c>, naming the option that
/// sets it), then what to do about a missing, wrong or insufficient token.
/// </summary>
internal static class RefusalMessage
{
    public static IReadOnlyList<string> Lines(ManagerRefusedException refusal, IReadOnlyDictionary<string, string> optionOfField)
    {
        var problem = refusal.Problem;
        var title = (string?)problem?["title"] ?? refusal.Status.ToString();
        var lines = new List<string> { $"the manager refused {refusal.Request}: {(int)refusal.Status} {title}" + Detail(problem) };

        if (problem?["errors"] is JsonObject errors)
            foreach (var (field, messages) in errors)
            {
                var option = optionOfField.TryGetValue(field, out var o) ? $" ({o})" : "";
                var texts = messages is JsonArray array ? array.Select(m => (string?)m) : [messages?.ToString()];
                foreach (var text in texts)
                    lines.Add($"  {field}{option}: {text}");
            }

        if (Advice(refusal.Status) is { } advice)
            lines.Add($"  {advice}");
        return lines;
    }

    private static string Detail(JsonObject? problem) =>
        (string?)problem?["detail"] is { Length: > 0 } detail ? $" — {detail}" : "";

    private static string? Advice(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized =>
            $"the token is missing, unknown or revoked: give a submitter token with --token or {ManagerConnection.TokenVariable} (an operator creates one with POST /tokens)",
        HttpStatusCode.Forbidden => "the token lacks the right for this (a submitter token may submit jobs and change only its own)",
        HttpStatusCode.TooManyRequests => "too many submissions at once with this token: try again in a moment",
        _ => null,
    };
}
