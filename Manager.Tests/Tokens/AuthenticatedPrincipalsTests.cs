using Manager.Actors.Tokens;
using Manager.Http.Auth;

namespace Manager.Tests.Tokens;

public class AuthenticatedPrincipalsTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static TokenRecord Token(long id, string secret, TokenRole role = TokenRole.Submitter, long? workerId = null) =>
        new(id, $"token {id}", role, TokenSecrets.Hash(secret), workerId, At, "root");

    [Fact]
    public void A_known_secret_is_its_tokens_principal_and_the_same_one_while_the_table_does_not_change()
    {
        var known = new KnownTokens();
        known.Replace(TokenTable.Of([Token(1, "s1"), Token(2, "w2", TokenRole.Worker, workerId: 7)]), 1);
        var principals = new AuthenticatedPrincipals(known);

        var first = principals.Find("s1")?.Principal;
        Assert.NotNull(first);
        Assert.Same(first, principals.Find("s1")?.Principal);
        Assert.Equal(1, first.TokenIdOf());
        Assert.Equal(7, principals.Find("w2")!.Principal!.WorkerIdOf());
        Assert.True(principals.Find("w2")!.Principal!.IsWorker());
        Assert.Null(principals.Find("unknown"));
    }

    [Fact]
    public void A_revoked_secret_is_refused_from_the_next_lookup_on()
    {
        var known = new KnownTokens();
        known.Replace(TokenTable.Of([Token(1, "s1")]), 1);
        var principals = new AuthenticatedPrincipals(known);
        Assert.NotNull(principals.Find("s1"));

        known.Replace(TokenTable.Of([]), 2);

        Assert.Null(principals.Find("s1"));
    }

    [Fact]
    public void Another_change_of_the_table_checks_a_cached_secret_again_and_keeps_it_valid()
    {
        var known = new KnownTokens();
        known.Replace(TokenTable.Of([Token(1, "s1")]), 1);
        var principals = new AuthenticatedPrincipals(known);
        var before = principals.Find("s1")?.Principal;

        known.Replace(TokenTable.Of([Token(1, "s1"), Token(2, "s2")]), 2);

        var after = principals.Find("s1")?.Principal;
        Assert.NotNull(after);
        Assert.NotSame(before, after);
        Assert.Equal("s2", principals.Find("s2")?.Principal is { } p2 && p2.TokenIdOf() == 2 ? "s2" : null);
    }
}
