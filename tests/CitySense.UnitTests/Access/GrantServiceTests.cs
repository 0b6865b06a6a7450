using CitySense.Core.Access;
using CitySense.Core.Audit;
using CitySense.Core.Problems;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Access;

public sealed class GrantServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);

    private GrantService Service => services.GrantService;

    [Fact]
    public async Task PutAsync_NewGrant_CreatedAndRecordedAsCommitted()
    {
        var id = NewCallerId();

        var outcome = await Service.PutAsync(TestCallers.Admin, id, Draft("houston", "austin"), null, CancellationToken.None);

        Assert.True(outcome.Value!.Created);
        Assert.Equal(["houston", "austin"], outcome.Value.Grant.Cities);
        var record = Assert.Single(services.Audit.All);
        Assert.Equal((AuditTarget.Grant, AuditOperation.Created, id, AuditStatus.Committed), (record.Target, record.Operation, record.TargetId, record.Status));
        Assert.Equal(TestCallers.Admin.Id, record.CallerId);
    }

    [Fact]
    public async Task PutAsync_SameGrantAgain_NothingChangesAndNothingIsRecorded()
    {
        var id = NewCallerId();
        var first = await Service.PutAsync(TestCallers.Admin, id, Draft("houston"), null, CancellationToken.None);

        var again = await Service.PutAsync(TestCallers.Admin, id, Draft("houston"), null, CancellationToken.None);

        Assert.False(again.Value!.Created);
        Assert.Equal(first.Value!.Grant.Version, again.Value.Grant.Version);
        Assert.Single(services.Audit.All);
    }

    [Fact]
    public async Task PutAsync_TwoAdminsWithTheSameETag_OneWinsTheOtherGets412()
    {
        var id = NewCallerId();
        var created = await Service.PutAsync(TestCallers.Admin, id, Draft("houston"), null, CancellationToken.None);
        var etag = created.Value!.Grant.Version;

        var first = await Service.PutAsync(TestCallers.Admin, id, Draft("houston", "chicago"), [etag], CancellationToken.None);
        var second = await Service.PutAsync(new Caller("admin-2", CallerProduct.Admin), id, Draft("austin"), [etag], CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.Equal(ProblemKind.PreconditionFailed, second.Problem?.Kind);
        Assert.Equal(["houston", "chicago"], (await services.Grants.FindAsync(id, CancellationToken.None))!.Cities);
    }

    [Theory]
    [InlineData(CallerProduct.Public)]
    [InlineData(CallerProduct.Operator)]
    public async Task PutAsync_NotAnAdmin_ForbiddenAndNothingStored(CallerProduct product)
    {
        var id = NewCallerId();

        var outcome = await Service.PutAsync(new Caller("someone", product), id, Draft("houston"), null, CancellationToken.None);

        Assert.Equal(ProblemKind.Forbidden, outcome.Problem?.Kind);
        Assert.Null(await services.Grants.FindAsync(id, CancellationToken.None));
        Assert.Empty(services.Audit.All);
    }

    [Fact]
    public async Task PutAsync_InvalidFields_ValidationNamingEachAndNothingStored()
    {
        var outcome = await Service.PutAsync(
            TestCallers.Admin, NewCallerId(), new GrantDraft { Name = "", Cities = ["Houston", null] }, null, CancellationToken.None);

        Assert.Equal(ProblemKind.Validation, outcome.Problem?.Kind);
        Assert.Equal(["cities[0]", "cities[1]", "name"], outcome.Problem!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(services.Audit.All);
    }

    [Fact]
    public async Task DeleteAsync_Granted_RemovedAndRecorded()
    {
        var id = NewCallerId();
        await Service.PutAsync(TestCallers.Admin, id, Draft("houston"), null, CancellationToken.None);
        services.Clock.Advance(TimeSpan.FromSeconds(1));

        var deleted = await Service.DeleteAsync(TestCallers.Admin, id, null, CancellationToken.None);

        Assert.True(deleted.Succeeded);
        Assert.Null(await services.Grants.FindAsync(id, CancellationToken.None));
        Assert.Equal([AuditOperation.Deleted, AuditOperation.Created], services.Audit.All.Select(r => r.Operation));
        Assert.All(services.Audit.All, r => Assert.Equal(AuditStatus.Committed, r.Status));
    }

    [Fact]
    public async Task RevokedGrant_OperatorsNextWrite_Refused()
    {
        var operatorId = NewCallerId();
        var caller = TestCallers.Operator(operatorId);
        var sensor = services.AddSensor(city: "houston");
        await Service.PutAsync(TestCallers.Admin, operatorId, Draft("houston"), null, CancellationToken.None);
        var before = await services.IngestService.IngestAsync(caller, sensor.Id, new Core.Readings.ReadingDraft { Payload = TestSensors.Payload() }, CancellationToken.None);

        await Service.DeleteAsync(TestCallers.Admin, operatorId, null, CancellationToken.None);
        var after = await services.IngestService.IngestAsync(caller, sensor.Id, new Core.Readings.ReadingDraft { Payload = TestSensors.Payload() }, CancellationToken.None);

        Assert.True(before.Succeeded);
        Assert.Equal(ProblemKind.CityForbidden, after.Problem?.Kind);
    }

    private static GrantDraft Draft(params string[] cities) => new() { Name = "City IT", Cities = cities };

    private static string NewCallerId() => "op-" + Guid.NewGuid().ToString("N")[..12];
}
