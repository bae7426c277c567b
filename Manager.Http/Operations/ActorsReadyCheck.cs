using Akka.Actor;
using Manager.Actors.Common;
using Manager.Actors.Hosting;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Http.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Manager.Http.Operations;

/// <summary>
/// Ready when the dispatcher and the settings actor answer: persistent actors answer only after they
/// recovered from the journal, so an answer means the journal is reachable and the state is loaded.
/// A cluster node is ready only once it is an <c>Up</c> member, can reach PostgreSQL itself (its shards
/// write there), and the singletons answer through it.
/// </summary>
public sealed class ActorsReadyCheck(ActorGateway actors, ActorSystem system, ManagerConfiguration config) : IHealthCheck
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (config.Actors.Cluster is not null)
        {
            var self = Akka.Cluster.Cluster.Get(system).SelfMember;
            if (self.Status != Akka.Cluster.MemberStatus.Up)
                return HealthCheckResult.Unhealthy($"this node is {self.Status.ToString().ToLowerInvariant()} in the cluster, not up");
            if (await JournalError(cancellationToken) is { } error)
                return HealthCheckResult.Unhealthy($"the journal (PostgreSQL) is unreachable: {error}");
        }

        try
        {
            var dispatcher = actors.Ask(new GetHeldTask(0)).WaitAsync(Bound, cancellationToken);
            var settings = actors.Ask(GetSettings.Instance).WaitAsync(Bound, cancellationToken);
            return (await dispatcher).Refusal is null && (await settings).Refusal is null
                ? HealthCheckResult.Healthy("journal reachable, state recovered")
                : HealthCheckResult.Unhealthy("the actors answered with an error");
        }
        catch (Exception e) when (e is TimeoutException or AskTimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the dispatcher has not recovered from the journal yet");
        }
    }

    private async Task<string?> JournalError(CancellationToken cancellationToken)
    {
        if (config.Actors.Provider != PersistenceProvider.PostgreSql) return null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Bound);
            await using var connection = new Npgsql.NpgsqlConnection(config.Actors.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new Npgsql.NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return null;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return e.Message;
        }
    }
}
