using CitySense.Capacity;

namespace CitySense.Capacity.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_CitiesAndOneCount_EveryCityGetsThatCount()
    {
        var command = CommandLine.Parse(["--cities", "3", "--sensors-per-city", "10", "--interval", "1m", "--latest-reads", "5"]);

        Assert.Equal([10, 10, 10], command.Workload.SensorsPerCity);
        Assert.Equal(TimeSpan.FromMinutes(1), command.Workload.ReadingInterval);
        Assert.Equal(5, command.Workload.LatestReadsPerSecond);
        Assert.Equal("prod", command.Stage);
        Assert.Equal(Partitioning.Id, command.Workload.Partitioning);
        Assert.Equal(1, command.Workload.ReadingsPerRequest);
    }

    [Fact]
    public void Parse_CountPerCity_CitiesFollowTheList()
    {
        var command = CommandLine.Parse(["--sensors-per-city", "6,4,4", "--interval", "10s", "--latest-reads", "0", "--stage", "dev", "--partitioning", "city"]);

        Assert.Equal([6, 4, 4], command.Workload.SensorsPerCity);
        Assert.Equal(3, command.Workload.Cities);
        Assert.Equal(TimeSpan.FromSeconds(10), command.Workload.ReadingInterval);
        Assert.Equal("dev", command.Stage);
        Assert.Equal(Partitioning.City, command.Workload.Partitioning);
    }

    [Theory]
    [InlineData("60", 60)]
    [InlineData("2.5s", 2.5)]
    [InlineData("1h", 3600)]
    public void Parse_Interval_SecondsMinutesOrHours(string interval, double seconds)
    {
        var command = CommandLine.Parse(["--sensors-per-city", "1", "--interval", interval, "--latest-reads", "1"]);

        Assert.Equal(seconds, command.Workload.ReadingInterval.TotalSeconds);
    }

    [Theory]
    [InlineData("--interval is required.", "--sensors-per-city", "1", "--latest-reads", "1")]
    [InlineData("--cities 2 does not match the 3 counts of --sensors-per-city.", "--cities", "2", "--sensors-per-city", "1,2,3", "--interval", "1m", "--latest-reads", "1")]
    [InlineData("--interval must be a positive duration such as 10s or 1m, not '0s'.", "--sensors-per-city", "1", "--interval", "0s", "--latest-reads", "1")]
    [InlineData("--sensors-per-city must be a whole number above 0, not '-5'.", "--sensors-per-city", "-5", "--interval", "1m", "--latest-reads", "1")]
    [InlineData("--partitioning must be city-id, city or id, not 'tenant'.", "--sensors-per-city", "1", "--interval", "1m", "--latest-reads", "1", "--partitioning", "tenant")]
    [InlineData("--readings-per-request must be a whole number from 1 to 500, not '501'.", "--sensors-per-city", "1", "--interval", "1m", "--latest-reads", "1", "--readings-per-request", "501")]
    [InlineData("Unknown option --readers.", "--sensors-per-city", "1", "--interval", "1m", "--latest-reads", "1", "--readers", "4")]
    [InlineData("--stage must be dev, staging or prod, not 'qa'.", "--sensors-per-city", "1", "--interval", "1m", "--latest-reads", "1", "--stage", "qa")]
    public void Parse_BadArguments_NamesTheOptionAndTheRule(string message, params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLine.Parse(args));

        Assert.Equal(message, error.Message);
    }
}
