using Manager.Actors.Tasks;

namespace Manager.Tests.Actors;

public sealed class AnswersAfterWritesTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void An_answer_waits_for_the_writes_issued_before_it_and_no_later_ones()
    {
        var answers = new AnswersAfterWrites();
        var probe = CreateTestProbe();

        answers.AfterWritesIssuedSoFar(probe, "nothing pending");
        probe.ExpectMsg("nothing pending");

        var first = answers.WriteIssued();
        var second = answers.WriteIssued();
        answers.AfterWritesIssuedSoFar(probe, "after two writes");
        var third = answers.WriteIssued();
        answers.AfterWritesIssuedSoFar(probe, "after three writes");

        answers.WriteDurable(first);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        answers.WriteDurable(second);
        probe.ExpectMsg("after two writes");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        answers.WriteDurable(third);
        probe.ExpectMsg("after three writes");

        answers.AfterWritesIssuedSoFar(probe, "all durable again");
        probe.ExpectMsg("all durable again");
    }
}
