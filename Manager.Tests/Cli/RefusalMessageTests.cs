using System.Net;
using System.Text.Json.Nodes;
using Manager.Cli;

namespace Manager.Tests.Cli;

public class RefusalMessageTests
{
    private static readonly IReadOnlyDictionary<string, string> Options = new SubmitCommand().OptionOfField;

    [Fact]
    public void A_422_shows_each_wrong_field_with_the_option_that_sets_it()
    {
        var problem = JsonNode.Parse("""
            {"type":"t","title":"The request is not valid","status":422,"detail":"cannot submit the job: the request is not valid",
             "errors":{"settings.frames":["frames: position 0: '20-3' is a reversed range"],"settings.video.fps":["too fast","really"],"other":["x"]}}
            """)!.AsObject();

        var lines = RefusalMessage.Lines(new ManagerRefusedException(HttpStatusCode.UnprocessableEntity, problem, "POST /jobs"), Options);

        Assert.Equal(
        [
            "the manager refused POST /jobs: 422 The request is not valid — cannot submit the job: the request is not valid",
            "  settings.frames (--frames): frames: position 0: '20-3' is a reversed range",
            "  settings.video.fps (--fps): too fast",
            "  settings.video.fps (--fps): really",
            "  other: x",
        ], lines);
    }

    [Fact]
    public void A_401_says_how_to_give_a_token()
    {
        var lines = RefusalMessage.Lines(new ManagerRefusedException(HttpStatusCode.Unauthorized, null, "POST /jobs"), Options);

        Assert.Equal("the manager refused POST /jobs: 401 Unauthorized", lines[0]);
        Assert.Contains("--token or MANAGER_TOKEN", lines[1]);
    }
}
