using System.Diagnostics;
using Manager.Tests.Support;

namespace Manager.Tests.EndToEnd;

/// <summary>
/// Generates a tiny Cycles scene (64×64, 4 samples, no denoising) once per test class, in a
/// temp directory, with the Blender of <see cref="BlenderLocator"/>. It never throws while the
/// class starts: a test asks for <see cref="ScenePath"/>, which fails with the reason.
/// </summary>
public sealed class TinySceneFixture : IDisposable
{
    private static readonly TimeSpan GenerateBound = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new("manager-e2e-scene");
    private readonly string? _scenePath;
    private readonly string? _error;

    public TinySceneFixture()
    {
        if (BlenderLocator.Path is not { } blender)
        {
            _error = $"Blender not available: {BlenderLocator.MissingReason}";
            return;
        }
        BlenderPath = blender;
        var scene = _dir.File("tiny.blend");
        try
        {
            _error = Generate(blender, scene);
            if (_error is null)
                _scenePath = scene;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            _error = $"cannot run {blender}: {e.Message}";
        }
    }

    public string? BlenderPath { get; }

    /// <summary>The generated .blend; fails the test when it could not be made.</summary>
    public string ScenePath => _scenePath ?? throw new InvalidOperationException(_error);

    private static string? Generate(string blender, string scene)
    {
        var startInfo = new ProcessStartInfo(blender)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in new[]
                 {
                     "-b", "--factory-startup", "--python-exit-code", "1", "--python-expr",
                     "import bpy; s=bpy.context.scene; s.render.engine='CYCLES'; s.cycles.samples=4; " +
                     "s.cycles.use_denoising=False; s.render.resolution_x=64; s.render.resolution_y=64; " +
                     $"bpy.ops.wm.save_as_mainfile(filepath={PythonString(scene)})",
                 })
            startInfo.ArgumentList.Add(arg);

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Process.Start returned null");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(GenerateBound))
        {
            process.Kill(entireProcessTree: true);
            return $"generating the scene took longer than {GenerateBound}";
        }
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(scene) || new FileInfo(scene).Length == 0)
            return $"generating the scene failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}";
        return null;
    }

    private static string PythonString(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    public void Dispose() => _dir.Dispose();
}
