using System.Net.NetworkInformation;
using Xunit;

namespace CitySense.Testing.Webhooks;

/// <summary>
/// Tests that open real connections run only where a connection cannot leave the machine: in a network namespace whose
/// only interface is loopback (scripts/test.sh runs them under <c>unshare -n</c> after <c>ip link set lo up</c>).
/// Anywhere else they fail at once, before connecting, rather than trust the code under test.
/// </summary>
public static class LoopbackOnlyNetwork
{
    public const string Trait = "Network";
    public const string LoopbackOnly = "LoopbackOnly";

    public static void Require()
    {
        var others = NetworkInterface.GetAllNetworkInterfaces()
            .Where(network => network.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .Select(network => network.Name)
            .ToList();
        Assert.True(
            others.Count == 0,
            $"This test may connect: run it in a loopback-only network namespace (scripts/test.sh does: unshare -n, ip link set lo up). Interfaces here: {string.Join(", ", others)}.");
    }
}
