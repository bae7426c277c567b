using Manager.Actors.Common;

namespace Manager.Tests.Rules;

/// <summary>The 403 text of a submitter changing what another token submitted.</summary>
public sealed class NotOwnerRefusalTests
{
    [Fact]
    public void Another_name_is_named()
    {
        var refusal = NotOwnerRefusal.Of("job", 3, "alice", 7, new Caller("bob", 8, IsOperator: false));

        var forbidden = Assert.IsType<Refusal.Forbidden>(refusal);
        Assert.Equal("job 3 was submitted by alice; bob may change only the jobs it submitted", forbidden.Detail);
    }

    [Fact]
    public void Two_tokens_of_one_name_are_told_apart_by_their_ids()
    {
        var refusal = NotOwnerRefusal.Of("task", 12, "artist", 7, new Caller("artist", 8, IsOperator: false));

        var forbidden = Assert.IsType<Refusal.Forbidden>(refusal);
        Assert.Equal("task 12 was submitted with another token named artist (token 7); token 8 may change only the tasks submitted with it",
            forbidden.Detail);
    }
}
