using System.Text.Json;
using Akka.Actor;
using Akka.Persistence;
using Manager.Actors.Common;

namespace Manager.Actors.Settings;

/// <summary>Owns the farm settings: validates and persists changes, then publishes them to this node's <see cref="CurrentSettings"/>.</summary>
public sealed class SettingsActor : ReceivePersistentActor
{
    public const string Id = "settings";
    private readonly CurrentSettings _current;
    private ManagerSettings _state = ManagerSettings.Defaults;

    public SettingsActor(CurrentSettings current)
    {
        _current = current;
        Recover<SettingsChanged>(e => _state = Apply(_state, e));
        Recover<RecoveryCompleted>(_ => _current.Replace(_state));

        Command<GetSettings>(_ => Sender.Tell(Outcome.Done(_state)));
        Command<ChangeSettings>(c =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var (name, json) in c.Values)
            {
                using var doc = JsonDocument.Parse(json);
                if (SettingsRules.Validate(name, doc.RootElement) is { } error) errors[name] = [error];
            }
            if (errors.Count > 0)
            {
                Sender.Tell(Outcome.Invalid("invalid setting value", errors));
                return;
            }
            var sender = Sender;
            Persist(new SettingsChanged(c.Values, DateTimeOffset.UtcNow), e =>
            {
                _state = Apply(_state, e);
                _current.Replace(_state);
                sender.Tell(Outcome.Done(_state));
            });
        });
    }

    public override string PersistenceId => Id;

    public static Props Props(CurrentSettings current) => Akka.Actor.Props.Create(() => new SettingsActor(current));

    private static ManagerSettings Apply(ManagerSettings settings, SettingsChanged e)
    {
        foreach (var (name, json) in e.Values)
        {
            using var doc = JsonDocument.Parse(json);
            settings = SettingsRules.With(settings, name, doc.RootElement);
        }
        return settings;
    }
}
