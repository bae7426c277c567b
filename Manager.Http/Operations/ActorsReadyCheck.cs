using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Manager.Http.Operations;

/// <summary>
/// Ready when the dispatcher and the settings actor answer: persistent actors answer only after they
/// recovered from the journal, so an answer means the journal is reachable and the state is loaded.
/// </summary>
public sealed class ActorsReadyCheck(ActorGateway actors) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var dispatcher = actors.Dispatcher(new GetHeldTask(0)).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            var settings = actors.Settings(GetSettings.Instance).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return await dispatcher is DoneOutcome && await settings is DoneOutcome
                ? HealthCheckResult.Healthy("journal reachable, state recovered")
                : HealthCheckResult.Unhealthy("the actors answered with an error");
        }
        catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the dispatcher has not recovered from the journal yet");
        }
    }
}
