using Manager.Cli;

namespace Manager.Tests.Cli;

public class ExitCodesTests
{
    [Theory]
    [InlineData("completed", 0)]
    [InlineData("failed", 1)]
    [InlineData("canceled", 3)]
    public void Only_a_completed_job_is_0_and_each_other_end_has_its_own_code(string status, int expected) =>
        Assert.Equal(expected, ExitCodes.ForFinalStatus(status));

    [Theory]
    [InlineData("queued")]
    [InlineData("active")]
    [InlineData("paused")]
    public void A_status_a_job_has_not_ended_in_has_no_exit_code(string status) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExitCodes.ForFinalStatus(status));

    [Fact]
    public void Every_outcome_has_a_code_of_its_own()
    {
        int[] codes = [ExitCodes.Success, ExitCodes.Failed, ExitCodes.Usage, ExitCodes.Canceled, ExitCodes.Deleted, ExitCodes.Refused,
                       ExitCodes.Unreachable, ExitCodes.Interrupted];
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.Equal(0, ExitCodes.Success);
    }
}
