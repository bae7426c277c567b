namespace Manager.Http.Endpoints;

/// <summary>When a node answers a worker's poll "nothing" itself instead of asking the dispatcher.</summary>
public static class IdlePoll
{
    /// <summary>
    /// Only a bare poll of an available worker (a heartbeat while rendering asks whether the worker still holds its task),
    /// sent with the worker's own token (proof that the worker is registered and not removed: an operator's poll, or one
    /// with authentication off, may name an unknown worker, which the dispatcher and proxy answer 404), while this node's
    /// <see cref="Manager.Actors.Tasks.IdleFarmView"/> says the farm is idle (the dispatcher could only answer "nothing").
    /// </summary>
    public static bool AnsweredByNode(bool available, bool byWorkerToken, bool farmIdle) => available && byWorkerToken && farmIdle;
}
