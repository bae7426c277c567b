using System.Globalization;
using System.Text.Json;

namespace Manager.Actors.Compilers;

/// <summary>
/// A compiler's settings (JSON text of one object), read field by field. Every problem is collected
/// under its field name, so a submitter sees all of them at once. Null counts as absent.
/// </summary>
internal sealed class SettingsObject : IDisposable
{
    private readonly JsonDocument _document;
    private readonly Dictionary<string, List<string>> _errors = new();

    private SettingsObject(JsonDocument document) => _document = document;

    private JsonElement Root => _document.RootElement;

    public bool HasErrors => _errors.Count > 0;

    public bool HasErrorsFor(string field) => _errors.ContainsKey(field);

    /// <summary>Parses the text; answers the invalid result instead when it is not a JSON object.</summary>
    public static SettingsObject? Open(string settingsJson, out CompileResult? invalid)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(settingsJson ?? "", new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            invalid = CompileResult.Invalid("settings", $"settings must be JSON text: {e.Message}");
            return null;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            invalid = CompileResult.Invalid("settings", "settings must be a JSON object.");
            return null;
        }
        invalid = null;
        return new SettingsObject(document);
    }

    public void Fail(string field, string message) =>
        (_errors.TryGetValue(field, out var list) ? list : _errors[field] = []).Add(message);

    public CompileResult Invalid() => CompileResult.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public bool IsGiven(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A field's JSON value as given (null when absent or null), valid while this object is open.</summary>
    public JsonElement? Raw(string name) =>
        Root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A string field. Optional strings, when given, must still be non-empty.</summary>
    public string? String(string name, bool required)
    {
        if (!IsGiven(name))
        {
            if (required) Fail(name, $"{name} is required.");
            return null;
        }
        var value = Root.GetProperty(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(name, $"{name} must be a string.");
            return null;
        }
        var text = value.GetString()!;
        if (text.Length == 0)
            Fail(name, required ? $"{name} is required." : $"{name} must not be empty; omit it or use null for the default.");
        else if (text.Contains('\0'))
            Fail(name, $"{name} must not contain NUL characters.");
        else
            return text;
        return null;
    }

    /// <summary>A whole number in [min, max]; <paramref name="whenMissing"/> is the error when it is absent.</summary>
    public long? Integer(string name, long min, long max, string whenMissing)
    {
        if (!IsGiven(name))
        {
            Fail(name, whenMissing);
            return null;
        }
        var value = Root.GetProperty(name);
        var range = $"{name} must be an integer between {min} and {max}.";
        if (value.ValueKind != JsonValueKind.Number)
        {
            Fail(name, $"{name} must be an integer.");
            return null;
        }
        if (!value.TryGetInt64(out var number))
        {
            // Either a fraction/exponent (1.5, 1e3) or an integer too large for int64.
            Fail(name, value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 ? $"{name} must be an integer." : range);
            return null;
        }
        if (number < min || number > max)
        {
            Fail(name, range);
            return null;
        }
        return number;
    }

    /// <summary>A list of strings (absent: empty). Items must not hold NUL; with <paramref name="nonEmptyItems"/> not be empty either.</summary>
    public IReadOnlyList<string> StringList(string name, bool required, bool nonEmptyItems)
    {
        if (!IsGiven(name))
        {
            if (required) Fail(name, $"{name} is required.");
            return [];
        }
        var value = Root.GetProperty(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, $"{name} must be a list of strings.");
            return [];
        }
        // An exact-size array: the list stays in memory as long as its task (argv of every queued task).
        var items = new string[value.GetArrayLength()];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (text is null || (nonEmptyItems && text.Length == 0))
                Fail(name, nonEmptyItems ? $"{name}[{index}] must be a non-empty string." : $"{name}[{index}] must be a string.");
            else if (text.Contains('\0'))
                Fail(name, $"{name}[{index}] must not contain NUL characters.");
            else
                items[index] = text;
            index++;
        }
        return items;
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _document.Dispose();
}
