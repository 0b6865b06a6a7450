using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace CitySense.Cosmos;

/// <summary>The database and the containers CitySense uses (names from containers.json).</summary>
internal sealed class CosmosContainers(CosmosClient client, IOptions<CosmosOptions> options)
{
    public const string SensorsContainer = "sensors";
    public const string ReadingsContainer = "readings";
    public const string GrantsContainer = "grants";
    public const string AuditContainer = "audit";
    public const string SubscriptionsContainer = "subscriptions";
    public const string DeliveriesContainer = "deliveries";

    public Database Database { get; } = client.GetDatabase(options.Value.Database);

    public Container Sensors { get; } = client.GetContainer(options.Value.Database, SensorsContainer);

    public Container Readings { get; } = client.GetContainer(options.Value.Database, ReadingsContainer);

    public Container Grants { get; } = client.GetContainer(options.Value.Database, GrantsContainer);

    public Container Audit { get; } = client.GetContainer(options.Value.Database, AuditContainer);

    public Container Subscriptions { get; } = client.GetContainer(options.Value.Database, SubscriptionsContainer);

    public Container Deliveries { get; } = client.GetContainer(options.Value.Database, DeliveriesContainer);
}
