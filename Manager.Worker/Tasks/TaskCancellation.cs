namespace Manager.Worker;

/// <summary>
/// When the parts of one <see cref="TaskSession"/> stop: one tree of linked tokens, each ending with its parent.
/// <code>
/// Talk              output and the final word to the manager (result or hand-back)
///  │                ends: the manager says stop (<see cref="Stop"/>), or ShutdownGrace after shutdown
///  └─ Work          getting, planning, claiming and running the task
///      │            ends also: at shutdown
///      └─ Heartbeats
///                   ends also: when the commands have ended (<see cref="EndHeartbeats"/>)
/// </code>
/// Shutdown ends the work at once but the talk only <see cref="WorkerOptions.ShutdownGrace"/> later,
/// so the output still goes out and the task is handed back. A stop by the manager ends everything at once.
/// </summary>
internal sealed class TaskCancellation : IDisposable
{
    private readonly CancellationTokenSource _talk = new();
    private readonly CancellationTokenSource _work;
    private readonly CancellationTokenSource _heartbeats;
    private readonly CancellationTokenRegistration _graceAfterShutdown;
    private string? _stopReason;
    private CredentialRefusedException? _credentialRefused;

    public TaskCancellation(CancellationToken shutdown, TimeSpan shutdownGrace)
    {
        _work = CancellationTokenSource.CreateLinkedTokenSource(_talk.Token, shutdown);
        _heartbeats = CancellationTokenSource.CreateLinkedTokenSource(_work.Token);
        _graceAfterShutdown = shutdown.Register(() => _talk.CancelAfter(shutdownGrace));
    }

    public CancellationToken Talk => _talk.Token;

    public CancellationToken Work => _work.Token;

    public CancellationToken Heartbeats => _heartbeats.Token;

    /// <summary>Why the manager stopped the task (the first reason given); <c>null</c> if it did not.</summary>
    public string? StopReason => Volatile.Read(ref _stopReason);

    /// <summary>Set when the manager refused the worker's credential (401) during the task.</summary>
    public CredentialRefusedException? CredentialRefused => Volatile.Read(ref _credentialRefused);

    /// <summary>The manager wants the work stopped: kill the child, stop sending.</summary>
    public void Stop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        try
        {
            _talk.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The manager refused the worker's credential: stop as for <see cref="Stop"/>, and remember it.</summary>
    public void StopRefused(CredentialRefusedException e)
    {
        Interlocked.CompareExchange(ref _credentialRefused, e, null);
        Stop(e.Message);
    }

    /// <summary>The commands have ended: no more heartbeats.</summary>
    public void EndHeartbeats() => _heartbeats.Cancel();

    public void Dispose()
    {
        _graceAfterShutdown.Dispose(); // first: its callback touches _talk
        _heartbeats.Dispose();
        _work.Dispose();
        _talk.Dispose();
    }
}
