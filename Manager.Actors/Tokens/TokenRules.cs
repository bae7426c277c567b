using Manager.Actors.Common;

namespace Manager.Actors.Tokens;

/// <summary>What each token command does, as pure functions of the table: the answer and the events to persist.</summary>
public static class TokenRules
{
    public const int MaxNameLength = 128;

    public static TokenDecision<TokenRecord> Issue(TokenTable table, IssueToken cmd, DateTimeOffset now)
    {
        if (table.FindByHash(cmd.Hash) is { } known)
            return known.Role == cmd.Role && known.WorkerId == cmd.WorkerId
                ? TokenDecision.Answer(Outcome.Done(known))
                : new Refusal.Conflict("a token with this secret already exists with another role");
        if (cmd.Role == TokenRole.Worker)
        {
            if (cmd.WorkerId is not { } workerId) throw new ArgumentException("a worker token needs a worker id", nameof(cmd));
            // One credential per worker: two agents can never both act as one worker.
            if (table.OfWorker(workerId) is not null)
                return new Refusal.Conflict($"worker {workerId} already has a credential; an operator frees its host name with DELETE /workers/{workerId}");
        }
        var token = new TokenRecord(table.LastId + 1, cmd.Name, cmd.Role, cmd.Hash, cmd.WorkerId, now, cmd.By);
        return TokenDecision.Of(Outcome.Done(token), [new TokenIssued(token)]);
    }

    public static TokenDecision<Done> Revoke(TokenTable table, RevokeToken cmd, DateTimeOffset now) =>
        table.ById.ContainsKey(cmd.TokenId)
            ? TokenDecision.Of(Outcome.Done(), [new TokenRevoked(cmd.TokenId, cmd.By, now)])
            : new Refusal.NotFound($"no token {cmd.TokenId}");

    public static TokenDecision<Done> RevokeWorker(TokenTable table, RevokeWorkerTokens cmd, DateTimeOffset now) =>
        table.OfWorker(cmd.WorkerId) is { } token
            ? TokenDecision.Of(Outcome.Done(), [new TokenRevoked(token.Id, cmd.By, now)])
            : TokenDecision.Answer(Outcome.Done());

    /// <summary>Done(true) when it issued the first-start tokens, Done(false) when an operator token exists already.</summary>
    public static TokenDecision<bool> Bootstrap(TokenTable table, BootstrapTokens cmd, DateTimeOffset now)
    {
        if (table.HasOperator) return TokenDecision.Answer(Outcome.Done(false));
        var operatorToken = new TokenRecord(table.LastId + 1, "operator (first start)", TokenRole.Operator, cmd.OperatorHash, null, now, "manager");
        if (cmd.EnrollmentHash is null) return TokenDecision.Of(Outcome.Done(true), [new TokenIssued(operatorToken)]);
        var enrollment = new TokenRecord(table.LastId + 2, "worker enrollment (first start)", TokenRole.Enrollment, cmd.EnrollmentHash, null, now, "manager");
        return TokenDecision.Of(Outcome.Done(true), [new TokenIssued(operatorToken), new TokenIssued(enrollment)]);
    }
}
