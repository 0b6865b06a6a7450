using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Tests;

public sealed class MachineFactsTests
{
    [Theory]
    [InlineData("Model name:                              AMD EPYC\n")]
    [InlineData("Vendor ID:                AuthenticAMD\n  Model name:             AMD EPYC\n")]
    public void Parse_Lscpu_ModelName(string lscpu)
    {
        Assert.Equal("AMD EPYC", MachineFacts.Parse(lscpu, string.Empty, string.Empty).CpuModel);
    }

    [Fact]
    public void Parse_NoLscpu_ModelFromCpuinfo()
    {
        var facts = MachineFacts.Parse(string.Empty, "processor\t: 0\nmodel name\t: Intel(R) Xeon(R)\n", string.Empty);

        Assert.Equal("Intel(R) Xeon(R)", facts.CpuModel);
    }

    [Fact]
    public void Parse_NothingKnown_Nulls()
    {
        Assert.Equal(new MachineFacts(null, null), MachineFacts.Parse(string.Empty, string.Empty, string.Empty));
    }

    [Fact]
    public void Parse_Meminfo_TotalInGibibytes()
    {
        var facts = MachineFacts.Parse(string.Empty, string.Empty, "MemTotal:       24641536 kB\nMemFree:         1234567 kB\n");

        Assert.Equal(23.5, facts.MemoryGib);
    }
}
