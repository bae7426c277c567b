using System.Text.Json.Nodes;
using Manager.Cli;

namespace Manager.Tests.Cli;

public class JobRequestTests
{
    [Fact]
    public void Every_option_given_becomes_its_field_and_relative_paths_are_made_absolute()
    {
        var submit = new SubmitSettings("shots/tiny.blend", "1-12", ChunkSize: 3, PreviewFirst: true, PreviewStep: 4,
            Video: "out/shot.mp4", Fps: 30, Output: "out/frame_####", Format: "PNG", Name: "shot 010", Priority: 7, Tags: ["gpu", "lin"]);

        var body = JobRequest.Build(submit, "/home/artist");

        var expected = JsonNode.Parse("""
            {"name":"shot 010","type":"blender_render",
             "settings":{"filepath":"/home/artist/shots/tiny.blend","frames":"1-12","chunk_size":3,"frame_order":"preview_first",
                         "preview_step":4,"format":"PNG","output":"/home/artist/out/frame_####",
                         "video":{"fps":30,"output":"/home/artist/out/shot.mp4"}},
             "priority":7,"tags":["gpu","lin"]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Fact]
    public void What_is_not_given_is_left_to_the_manager_and_the_name_is_the_blend_file_name()
    {
        var body = JobRequest.Build(new SubmitSettings("/srv/shots/sh010_lighting.blend", "1-240"), "/anywhere");

        var expected = JsonNode.Parse("""
            {"name":"sh010_lighting","type":"blender_render","settings":{"filepath":"/srv/shots/sh010_lighting.blend","frames":"1-240"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Fact]
    public void A_video_without_fps_gets_the_default_rate()
    {
        var body = JobRequest.Build(new SubmitSettings("/s.blend", "1-3", Video: "/r/s.mp4", Output: "/r/s_##"), "/");

        Assert.Equal(JobRequest.DefaultFps, (int)body["settings"]!["video"]!["fps"]!);
    }

    [Theory]
    [InlineData("//renders/frame_####", "/home/artist", "//renders/frame_####")] // Blender's own relative-to-the-.blend path
    [InlineData("renders/../out/f_##", "/home/artist", "/home/artist/out/f_##")]
    [InlineData("/srv/renders/f_##", "/home/artist", "/srv/renders/f_##")]
    public void Farm_paths_are_absolute_except_blenders_own_relative_ones(string path, string currentDirectory, string expected) =>
        Assert.Equal(expected, FarmPath.Absolute(path, currentDirectory));
}
