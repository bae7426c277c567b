using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Manager.Http.Operations;

/// <summary>GET /readyz's body: the overall status, then each check that is not healthy with its reason (one line each).</summary>
public static class ReadinessReport
{
    public static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Description}");
        return context.Response.WriteAsync(string.Join('\n', new[] { report.Status.ToString() }.Concat(lines)) + "\n");
    }
}
