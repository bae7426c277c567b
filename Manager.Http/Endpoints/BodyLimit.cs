namespace Manager.Http.Endpoints;

/// <summary>The largest request body accepted (Manager:MaxRequestBodyBytes, default 1 MiB); larger is 413.</summary>
public sealed record BodyLimit(long Bytes)
{
    public static BodyLimit From(IConfiguration configuration) =>
        new(configuration.GetValue<long>("Manager:MaxRequestBodyBytes", 1024 * 1024));
}
