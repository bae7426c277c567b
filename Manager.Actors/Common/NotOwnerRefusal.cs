namespace Manager.Actors.Common;

/// <summary>
/// The 403 of a submitter changing what another token submitted. Ownership is by token, not by name, so when the two
/// tokens share a name the text names the tokens (otherwise "submitted by artist; artist may change only…" reads as
/// a contradiction).
/// </summary>
public static class NotOwnerRefusal
{
    /// <param name="kind">"task" or "job".</param>
    public static Refusal Of(string kind, long id, string submittedBy, long? ownerTokenId, Caller caller) =>
        new Refusal.Forbidden(submittedBy == caller.By
            ? $"{kind} {id} was submitted with another token named {submittedBy} ({TokenText(ownerTokenId)}); " +
              $"token {caller.TokenId} may change only the {kind}s submitted with it"
            : $"{kind} {id} was submitted by {submittedBy}; {caller.By} may change only the {kind}s it submitted");

    private static string TokenText(long? tokenId) => tokenId is { } id ? $"token {id}" : "no token";
}
