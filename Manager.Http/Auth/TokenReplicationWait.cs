namespace Manager.Http.Auth;

/// <summary>
/// How long an unknown token waits for this node's copy of the tokens to catch up before it is refused: in a cluster
/// the tokens issued through other nodes arrive a moment after their answer (<see cref="InCluster"/>); on one node the
/// copy is current before any answer, so an unknown token is refused at once.
/// </summary>
public sealed record TokenReplicationWait(TimeSpan Bound)
{
    public static readonly TokenReplicationWait None = new(TimeSpan.Zero);

    public static readonly TokenReplicationWait InCluster = new(TimeSpan.FromSeconds(2));
}
