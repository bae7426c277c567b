using Manager.Rules;
using Manager.Worker;

namespace Manager.Tests.Worker;

public class TaskOutcomeTests
{
    [Fact]
    public void Exit_code_zero_completes_even_if_errors_were_printed()
    {
        var outcome = TaskOutcome.FromExit("/opt/blender/blender", 0, "Error: something Blender recovered from");

        Assert.Equal("completed", outcome.Status);
        Assert.Null(outcome.Error);
    }

    [Fact]
    public void A_failure_carries_the_last_error_line_and_the_exit_code()
    {
        var outcome = TaskOutcome.FromExit("/opt/blender/blender", 1, "Error: Build without OpenImageDenoiser");

        Assert.Equal("failed", outcome.Status);
        Assert.Equal("Error: Build without OpenImageDenoiser (blender exited with code 1)", outcome.Error);
    }

    [Fact]
    public void Without_an_error_line_the_exit_code_is_the_error()
    {
        Assert.Equal("Error: sh exited with code 3", TaskOutcome.FromExit("/bin/sh", 3, null).Error);
    }

    [Fact]
    public void A_killed_program_says_which_signal()
    {
        if (OperatingSystem.IsWindows())
            return; // exit codes of signals are a Unix convention
        Assert.Equal("Error: sleep was killed by signal 9 (exit code 137)", TaskOutcome.FromExit("sleep", 137, null).Error);
    }

    [Fact]
    public void Refusals_become_one_error_line()
    {
        var outcome = TaskOutcome.Failed("program '/bin/rm' is not allowed\non this worker");

        Assert.Equal("Error: program '/bin/rm' is not allowed on this worker", outcome.Error);
        Assert.Equal("Error: already prefixed", TaskOutcome.Failed("Error: already prefixed").Error);
    }

    [Fact]
    public void The_last_error_line_of_a_blender_log_is_the_one_reported()
    {
        // The tail of Manager.Tests/Fixtures/blender-3.4.1/cycles-denoiser-missing-fail.log.
        string[] log =
        [
            "Fra:1 Mem:9.91M (Peak 10.83M) | Time:00:00.04 | Mem:0.76M, Peak:0.76M | Scene, ViewLayer | Updating Device | Writing constant memory",
            "Build without OpenImageDenoiser",
            "No device available to denoise on",
            "Error: first problem",
            "Fra:1 Mem:9.91M (Peak 10.83M) | Time:00:00.04 | Mem:0.76M, Peak:0.76M | Scene, ViewLayer | Build without OpenImageDenoiser",
            "Error: Build without OpenImageDenoiser",
            "",
            "Blender quit",
        ];

        var outcome = TaskOutcome.FromExit("blender", 1, log.LastOrDefault(line => BlenderErrorLine.TryParse(line, out _)));

        Assert.Equal("Error: Build without OpenImageDenoiser (blender exited with code 1)", outcome.Error);
    }
}
