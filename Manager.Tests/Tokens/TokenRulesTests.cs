using Manager.Actors.Common;
using Manager.Actors.Tokens;

namespace Manager.Tests.Tokens;

public class TokenRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    private static TokenTable After<TValue>(TokenTable table, TokenDecision<TValue> decision) => decision.Events.Aggregate(table, (t, e) => t.Apply(e));

    private static IssueToken Submitter(string hash = "h-sub") => new("pipeline", TokenRole.Submitter, hash, null, "root");

    private static IssueToken WorkerToken(long workerId, string hash) => new($"worker w{workerId}", TokenRole.Worker, hash, workerId, "enroll");

    [Fact]
    public void Issued_tokens_get_growing_ids_and_are_found_by_hash_only()
    {
        var first = TokenRules.Issue(TokenTable.Empty, Submitter("h1"), Now);
        var table = After(TokenTable.Empty, first);
        var second = TokenRules.Issue(table, Submitter("h2"), Now);
        table = After(table, second);

        Assert.Equal(1, Assert.IsType<TokenRecord>(first.Outcome.Value).Id);
        Assert.Equal(2, table.FindByHash("h2")!.Id);
        Assert.Null(table.FindByHash("h3"));
    }

    [Fact]
    public void Issuing_a_known_hash_again_answers_that_token_and_writes_nothing()
    {
        var table = After(TokenTable.Empty, TokenRules.Issue(TokenTable.Empty, Submitter(), Now));

        var again = TokenRules.Issue(table, Submitter(), Now);
        var otherRole = TokenRules.Issue(table, Submitter() with { Role = TokenRole.Operator }, Now);

        Assert.Empty(again.Events);
        Assert.Equal(1, Assert.IsType<TokenRecord>(again.Outcome.Value).Id);
        Assert.IsType<Refusal.Conflict>(otherRole.Outcome.Refusal);
        Assert.Empty(otherRole.Events);
    }

    [Fact]
    public void A_worker_has_at_most_one_credential_until_it_is_revoked()
    {
        var table = After(TokenTable.Empty, TokenRules.Issue(TokenTable.Empty, WorkerToken(17, "a"), Now));

        var second = TokenRules.Issue(table, WorkerToken(17, "b"), Now);
        Assert.IsType<Refusal.Conflict>(second.Outcome.Refusal);
        Assert.Empty(second.Events);

        table = After(table, TokenRules.RevokeWorker(table, new RevokeWorkerTokens(17, "root"), Now));
        Assert.Null(table.OfWorker(17));
        Assert.Null(table.FindByHash("a"));
        var afterRevoke = TokenRules.Issue(table, WorkerToken(17, "b"), Now);
        Assert.Null(afterRevoke.Outcome.Refusal);
        Assert.Equal(2, After(table, afterRevoke).OfWorker(17)!.Id); // ids are never reused
    }

    [Fact]
    public void Revoking_an_unknown_token_is_not_found_and_a_revoked_one_is_gone()
    {
        var table = After(TokenTable.Empty, TokenRules.Issue(TokenTable.Empty, Submitter(), Now));

        Assert.IsType<Refusal.NotFound>(TokenRules.Revoke(table, new RevokeToken(9, "root"), Now).Outcome.Refusal);
        var revoked = TokenRules.Revoke(table, new RevokeToken(1, "root"), Now);
        Assert.Equal(new TokenRevoked(1, "root", Now), Assert.Single(revoked.Events));
        table = After(table, revoked);
        Assert.Empty(table.ById);
        Assert.IsType<Refusal.NotFound>(TokenRules.Revoke(table, new RevokeToken(1, "root"), Now).Outcome.Refusal);
    }

    [Fact]
    public void The_first_start_creates_an_operator_and_an_enrollment_token_once()
    {
        var first = TokenRules.Bootstrap(TokenTable.Empty, new BootstrapTokens("op", "enroll"), Now);
        var table = After(TokenTable.Empty, first);
        var second = TokenRules.Bootstrap(table, new BootstrapTokens("op2", "enroll2"), Now);

        Assert.Equal(Outcome.Done(true), first.Outcome);
        Assert.Equal(TokenRole.Operator, table.FindByHash("op")!.Role);
        Assert.Equal(TokenRole.Enrollment, table.FindByHash("enroll")!.Role);
        Assert.Equal(Outcome.Done(false), second.Outcome);
        Assert.Empty(second.Events);
    }

    [Fact]
    public void A_change_published_to_another_node_builds_the_same_table()
    {
        var table = After(TokenTable.Empty, TokenRules.Issue(TokenTable.Empty, Submitter("h1"), Now));
        var issue = TokenRules.Issue(table, WorkerToken(3, "w3"), Now);
        var next = After(table, issue);
        var revoke = TokenRules.Revoke(next, new RevokeToken(1, "root"), Now);
        var final = After(next, revoke);

        var changed = new TokensChanged([((TokenIssued)issue.Events[0]).Token], [1], 1, 3);
        var replica = changed.ApplyTo(table);

        Assert.Equal(final.ById.Values, replica.ById.Values);
        Assert.Equal(final.OfWorker(3), replica.OfWorker(3));
        Assert.Null(replica.FindByHash("h1"));
    }

    [Fact]
    public void Secrets_are_long_random_and_stored_as_their_sha256()
    {
        var a = TokenSecrets.NewSecret();
        var b = TokenSecrets.NewSecret();

        Assert.NotEqual(a, b);
        Assert.StartsWith("mgr_", a);
        Assert.Equal(4 + 43, a.Length); // 32 random bytes, base64url without padding
        Assert.Equal(64, TokenSecrets.Hash(a).Length);
        Assert.Equal(TokenSecrets.Hash(a), TokenSecrets.Hash(a));
        Assert.DoesNotContain(a, TokenSecrets.Hash(a));
    }
}
