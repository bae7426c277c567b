using System.Text.Json;

namespace Manager.Actors.Compilers;

/// <summary>
/// <c>exec_command</c>: runs one given argument vector as is. The optional frame range and format
/// only describe the task (they are not passed to the program).
/// </summary>
public sealed class ExecCommandCompiler : ITaskCompiler
{
    public string Type => "exec_command";

    public string DefaultParser => "none";

    public CompileResult Compile(string settingsJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(settingsJson ?? "", new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return CompileResult.Invalid("settings", $"settings must be JSON text: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return CompileResult.Invalid("settings", "settings must be a JSON object.");

            var errors = new Dictionary<string, List<string>>();
            void Fail(string field, string message) =>
                (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

            var argv = ReadArgv(root, Fail);

            var hasStart = IsGiven(root, "frame_start");
            var hasEnd = IsGiven(root, "frame_end");
            long? start = null, end = null;
            if (hasStart || hasEnd)
            {
                start = ReadInteger(root, "frame_start", Fail, otherGiven: "frame_end");
                end = ReadInteger(root, "frame_end", Fail, otherGiven: "frame_start");
                if (start is not null && end is not null && end < start)
                    Fail("frame_end", "frame_end must be greater than or equal to frame_start.");
            }

            string? format = null;
            if (IsGiven(root, "format"))
            {
                var value = root.GetProperty("format");
                if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
                    Fail("format", "format must be a non-empty string.");
                else
                    format = value.GetString();
            }

            if (errors.Count > 0)
                return CompileResult.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

            return CompileResult.Ok(new CompiledTask([new CompiledCommand("exec", argv)], start, end, format));
        }
    }

    /// <summary>Present and not null (null means "use the default").</summary>
    private static bool IsGiven(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static List<string> ReadArgv(JsonElement root, Action<string, string> fail)
    {
        if (!IsGiven(root, "argv"))
        {
            fail("argv", "argv is required.");
            return [];
        }
        var value = root.GetProperty("argv");
        if (value.ValueKind != JsonValueKind.Array)
        {
            fail("argv", "argv must be a list of strings.");
            return [];
        }
        if (value.GetArrayLength() == 0)
        {
            fail("argv", "argv must not be empty; argv[0] is the program.");
            return [];
        }
        var argv = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0)
                fail("argv", $"argv[{index}] must be a non-empty string.");
            else if (item.GetString()!.Contains('\0'))
                fail("argv", $"argv[{index}] must not contain NUL characters.");
            else
                argv.Add(item.GetString()!);
            index++;
        }
        return argv;
    }

    private static long? ReadInteger(JsonElement root, string name, Action<string, string> fail, string otherGiven)
    {
        if (!IsGiven(root, name))
        {
            fail(name, $"{name} is required when {otherGiven} is given.");
            return null;
        }
        var value = root.GetProperty(name);
        if (value.ValueKind != JsonValueKind.Number)
        {
            fail(name, $"{name} must be an integer.");
            return null;
        }
        if (!value.TryGetInt64(out var number))
        {
            // Either a fraction/exponent (1.5, 1e3) or an integer too large for int64.
            fail(name, value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0
                ? $"{name} must be an integer."
                : $"{name} must be between {long.MinValue} and {long.MaxValue}.");
            return null;
        }
        return number;
    }
}
