using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Manager.Http.Auth;

/// <summary>Ready once this node knows the tokens and the configured or first-start tokens are in place.</summary>
public sealed class TokensReadyCheck(TokenBootstrap bootstrap) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(bootstrap.Done.IsCompleted
            ? HealthCheckResult.Healthy("tokens loaded")
            : HealthCheckResult.Unhealthy("the tokens are not loaded yet"));
}
