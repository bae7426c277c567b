using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Manager.Http.Logs;

/// <summary>Ready once the task log tables exist in the journal's database (created at the first check when missing).</summary>
public sealed class TaskLogsReadyCheck(TaskLogStore logs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await logs.SchemaReadyAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("task log tables in place");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the task log tables cannot be created", e);
        }
    }
}
