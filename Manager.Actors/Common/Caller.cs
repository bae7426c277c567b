namespace Manager.Actors.Common;

/// <summary>
/// Who asks for a change: <see cref="By"/> is recorded with it (a token's name, or <c>worker:&lt;id&gt;</c>), and
/// <see cref="TokenId"/> makes the caller the owner of what it submits.
/// </summary>
/// <param name="IsOperator">Operators may change what anybody submitted.</param>
public sealed record Caller(string By, long? TokenId, bool IsOperator)
{
    /// <summary>The manager itself (a worker's silence, the first start).</summary>
    public static readonly Caller Manager = new("manager", null, IsOperator: true);

    /// <summary>Operators change anything; anyone else only what it submitted.</summary>
    public bool MayChange(long? ownerTokenId) => IsOperator || (TokenId is not null && TokenId == ownerTokenId);
}
