using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>The token tree of one task session (<see cref="TaskCancellation"/>): what ends what.</summary>
public sealed class TaskCancellationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_stop_by_the_manager_ends_everything_at_once_and_keeps_the_first_reason()
    {
        using var shutdown = new CancellationTokenSource();
        using var cancellation = new TaskCancellation(shutdown.Token, Long);

        cancellation.Stop("canceled by manager (409)");
        cancellation.Stop("the task was deleted (404)");

        Assert.True(cancellation.Talk.IsCancellationRequested);
        Assert.True(cancellation.Work.IsCancellationRequested);
        Assert.True(cancellation.Heartbeats.IsCancellationRequested);
        Assert.Equal("canceled by manager (409)", cancellation.StopReason);
        Assert.Null(cancellation.CredentialRefused);
    }

    [Fact]
    public void Shutdown_ends_the_work_at_once_and_the_talk_only_after_the_grace_period()
    {
        using var shutdown = new CancellationTokenSource();
        using var cancellation = new TaskCancellation(shutdown.Token, Long);

        shutdown.Cancel();

        Assert.True(cancellation.Work.IsCancellationRequested);
        Assert.True(cancellation.Heartbeats.IsCancellationRequested);
        Assert.False(cancellation.Talk.IsCancellationRequested); // the output and the hand-back still go out
        Assert.Null(cancellation.StopReason);
    }

    [Fact]
    public async Task The_talk_ends_when_the_grace_period_after_shutdown_has_passed()
    {
        using var shutdown = new CancellationTokenSource();
        using var cancellation = new TaskCancellation(shutdown.Token, TimeSpan.FromMilliseconds(50));

        shutdown.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Bound, cancellation.Talk));
    }

    [Fact]
    public void The_end_of_the_commands_ends_only_the_heartbeats()
    {
        using var shutdown = new CancellationTokenSource();
        using var cancellation = new TaskCancellation(shutdown.Token, Long);

        cancellation.EndHeartbeats();

        Assert.True(cancellation.Heartbeats.IsCancellationRequested);
        Assert.False(cancellation.Work.IsCancellationRequested);
        Assert.False(cancellation.Talk.IsCancellationRequested);
    }

    [Fact]
    public void A_refused_credential_stops_everything_and_is_kept_to_be_thrown()
    {
        using var shutdown = new CancellationTokenSource();
        using var cancellation = new TaskCancellation(shutdown.Token, Long);
        var refused = new CredentialRefusedException("token revoked");

        cancellation.StopRefused(refused);

        Assert.True(cancellation.Work.IsCancellationRequested);
        Assert.Same(refused, cancellation.CredentialRefused);
        Assert.Equal(refused.Message, cancellation.StopReason);
    }

    [Fact]
    public void A_session_started_after_shutdown_has_its_work_already_ended()
    {
        using var shutdown = new CancellationTokenSource();
        shutdown.Cancel();

        using var cancellation = new TaskCancellation(shutdown.Token, Long);

        Assert.True(cancellation.Work.IsCancellationRequested);
        Assert.False(cancellation.Talk.IsCancellationRequested);
    }
}
