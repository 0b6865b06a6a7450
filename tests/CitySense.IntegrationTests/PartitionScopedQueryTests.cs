using System.Net;
using CitySense.Cosmos;
using CitySense.Testing;
using Microsoft.Azure.Cosmos;

namespace CitySense.IntegrationTests;

/// <summary>
/// What a query scoped to one partition sees after every kind of write, on the test account: the local server answers
/// such queries from an index of each container's items by partition, which must follow creates, replaces, upserts,
/// patches and deletes exactly as Cosmos DB does.
/// </summary>
public sealed class PartitionScopedQueryTests : IAsyncLifetime
{
    private CosmosTestAccount? account;
    private CosmosClient? client;
    private Database? database;
    private Container? container;

    private Container Items => container ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        account = await CosmosTestAccount.StartAsync();
        client = CosmosClientFactory.Create(new CosmosOptions
        {
            Endpoint = account.Endpoint,
            Key = account.Key,
            AllowInsecureLocalCertificate = account.AllowInsecureLocalCertificate,
        });
        database = (await client.CreateDatabaseIfNotExistsAsync("citysense-pq-" + Guid.NewGuid().ToString("N")[..8])).Database;
        container = (await database.CreateContainerIfNotExistsAsync("items", "/pk")).Container;
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DeleteAsync();
        }

        client?.Dispose();
        if (account is not null)
        {
            await account.DisposeAsync();
        }
    }

    [Fact]
    public async Task Query_OnePartition_SeesExactlyThatPartitionAfterEveryKindOfWrite()
    {
        foreach (var (id, pk) in new[] { ("a1", "A"), ("b1", "B"), ("a2", "A"), ("b2", "B"), ("a3", "A") })
        {
            await Items.CreateItemAsync(new Item(id, pk, 1), new PartitionKey(pk));
        }

        await Items.ReplaceItemAsync(new Item("a1", "A", 2), "a1", new PartitionKey("A"));
        await Items.UpsertItemAsync(new Item("a4", "A", 1), new PartitionKey("A"));
        await Items.UpsertItemAsync(new Item("b1", "B", 3), new PartitionKey("B"));
        await Items.PatchItemAsync<Item>("a2", new PartitionKey("A"), [PatchOperation.Set("/v", 5)]);
        await Items.DeleteItemAsync<Item>("a3", new PartitionKey("A"));
        await Items.DeleteItemAsync<Item>("b2", new PartitionKey("B"));

        var a = await QueryAsync("A");
        var b = await QueryAsync("B");

        Assert.Equal(["a1:2", "a2:5", "a4:1"], a.Select(item => $"{item.Id}:{item.V}").Order());
        Assert.Equal(["b1:3"], b.Select(item => $"{item.Id}:{item.V}"));
        Assert.Empty(await QueryAsync("C"));
        Assert.Equal(["a1", "a2", "a4", "b1"], (await QueryAsync(null)).Select(item => item.Id).Order());
    }

    [Fact]
    public async Task Query_PartitionEmptiedAndRefilled_SeesOnlyTheNewItem()
    {
        await Items.CreateItemAsync(new Item("x1", "X", 1), new PartitionKey("X"));
        await Items.DeleteItemAsync<Item>("x1", new PartitionKey("X"));
        Assert.Empty(await QueryAsync("X"));

        await Items.CreateItemAsync(new Item("x2", "X", 2), new PartitionKey("X"));

        Assert.Equal(["x2"], (await QueryAsync("X")).Select(item => item.Id));
        var missing = await Assert.ThrowsAsync<CosmosException>(() => Items.ReadItemAsync<Item>("x1", new PartitionKey("X")));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Query_SameIdInTwoPartitions_EachPartitionSeesItsOwn()
    {
        await Items.CreateItemAsync(new Item("same", "P", 1), new PartitionKey("P"));
        await Items.CreateItemAsync(new Item("same", "Q", 2), new PartitionKey("Q"));
        await Items.DeleteItemAsync<Item>("same", new PartitionKey("P"));

        Assert.Empty(await QueryAsync("P"));
        Assert.Equal(["same:2"], (await QueryAsync("Q")).Select(item => $"{item.Id}:{item.V}"));
    }

    private async Task<List<Item>> QueryAsync(string? partition)
    {
        var options = new QueryRequestOptions();
        if (partition is not null)
        {
            options.PartitionKey = new PartitionKey(partition);
        }

        var found = new List<Item>();
        using var feed = Items.GetItemQueryIterator<Item>(new QueryDefinition("SELECT * FROM c"), requestOptions: options);
        while (feed.HasMoreResults)
        {
            found.AddRange(await feed.ReadNextAsync());
        }

        return found;
    }

    private sealed record Item(string Id, string Pk, int V);
}
