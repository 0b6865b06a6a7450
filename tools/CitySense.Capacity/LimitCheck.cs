namespace CitySense.Capacity;

/// <summary>Who can move a limit: nobody (the platform), a setting of the stage (and money), or a support request.</summary>
internal enum LimitKind
{
    /// <summary>A hard platform ceiling: only a different design moves it.</summary>
    Platform,

    /// <summary>A value of bicep/stages/*.settings.json: change it and pay for it.</summary>
    StageSetting,

    /// <summary>A default quota that Azure raises on request.</summary>
    Quota,
}

/// <summary>One ceiling against the workload's demand on it, at the hourly peak.</summary>
internal sealed record LimitCheck(string Name, double Demand, double Ceiling, string Unit, LimitKind Kind, string HowItMoves)
{
    /// <summary>Demand ÷ ceiling: 1 or more means the workload does not fit.</summary>
    public double Utilization => Ceiling > 0 ? Demand / Ceiling : double.PositiveInfinity;

    /// <summary>How many times this workload can grow, every rate alike, before the limit is reached.</summary>
    public double Headroom => Demand > 0 ? Ceiling / Demand : double.PositiveInfinity;
}
