using System.Text.RegularExpressions;
using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Core.Validation;

namespace CitySense.Core.Subscriptions;

/// <summary>The limits of a subscription's description and filter (docs/api.md lists them).</summary>
public static partial class SubscriptionRules
{
    public const int MaxDescriptionLength = 500;
    public const int MaxSensorIds = 100;
    public const int MaxConditions = 5;

    public const string FieldRule =
        "must be a payload field name, or a dotted path of at most 8 names, each 1-64 characters of A-Z, a-z, 0-9, '_' or '-'";

    public const string OperatorRule = "must be one of gt, gte, lt, lte, eq, ne";

    public static string? CheckDescription(string? description, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (description is null)
        {
            return null;
        }

        if (description.Length > MaxDescriptionLength || string.IsNullOrWhiteSpace(description))
        {
            errors.Add("description", $"must be 1-{MaxDescriptionLength} characters, not only spaces");
        }

        return description;
    }

    /// <summary>
    /// The filter <paramref name="draft"/> asks for, its errors added under <c>filter.*</c>: use it only when
    /// <paramref name="errors"/> has none.
    /// </summary>
    public static SubscriptionFilter? CheckFilter(SubscriptionFilterDraft? draft, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (draft is null)
        {
            errors.Add("filter", "is required (at least one of sensorIds, city, type, near or conditions)");
            return null;
        }

        var sensorIds = CheckSensorIds(draft.SensorIds, errors);
        if (draft.City is not null && !Slug.IsValid(draft.City))
        {
            errors.Add("filter.city", Slug.Rule);
        }

        if (draft.Type is not null && !Slug.IsValid(draft.Type))
        {
            errors.Add("filter.type", Slug.Rule);
        }

        var (near, radius) = CheckNear(draft.Near, errors);
        var conditions = CheckConditions(draft.Conditions, errors);
        var match = draft.Match switch
        {
            null or "all" => ConditionMatch.All,
            "any" => ConditionMatch.Any,
            _ => (ConditionMatch?)null,
        };
        if (match is null)
        {
            errors.Add("filter.match", "must be all or any");
        }

        if (draft.SensorIds is null && draft.City is null && draft.Type is null && draft.Near is null && conditions.Count == 0)
        {
            errors.Add("filter", "must have at least one of sensorIds, city, type, near or conditions");
        }

        return new SubscriptionFilter
            {
                SensorIds = sensorIds,
                City = draft.City,
                Type = draft.Type,
                Near = near,
                RadiusMeters = radius,
                Conditions = conditions,
                Match = match ?? ConditionMatch.All,
            };
    }

    private static List<string>? CheckSensorIds(IReadOnlyList<string?>? ids, ValidationErrors errors)
    {
        if (ids is null)
        {
            return null;
        }

        if (ids.Count is 0 or > MaxSensorIds)
        {
            errors.Add("filter.sensorIds", $"must have 1 to {MaxSensorIds} sensor ids (had {ids.Count})");
            return null;
        }

        var distinct = new List<string>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!SensorId.TryParse(ids[i], out _))
            {
                errors.Add($"filter.sensorIds[{i}]", SensorId.Rule);
            }
            else if (!distinct.Contains(ids[i]!))
            {
                distinct.Add(ids[i]!);
            }
        }

        return distinct;
    }

    private static (Coordinates? Near, double? Radius) CheckNear(NearDraft? near, ValidationErrors errors)
    {
        if (near is null)
        {
            return (null, null);
        }

        var lat = CoordinateRules.CheckAxis(near.Lat, "filter.near.lat", 90, errors);
        var lon = CoordinateRules.CheckAxis(near.Lon, "filter.near.lon", 180, errors);
        if (near.Radius is null)
        {
            errors.Add("filter.near.radius", "is required: " + GeoRules.RadiusRule);
            return (null, null);
        }

        var radius = GeoRules.CheckRadius(near.Radius.Value, "filter.near.radius", errors);
        return lat is { } la && lon is { } lo ? (new Coordinates(la, lo), radius) : (null, null);
    }

    private static List<PayloadCondition> CheckConditions(IReadOnlyList<PayloadConditionDraft?>? drafts, ValidationErrors errors)
    {
        var conditions = new List<PayloadCondition>();
        if (drafts is null)
        {
            return conditions;
        }

        if (drafts.Count > MaxConditions)
        {
            errors.Add("filter.conditions", $"must have at most {MaxConditions} conditions (had {drafts.Count})");
            return conditions;
        }

        for (var i = 0; i < drafts.Count; i++)
        {
            var field = $"filter.conditions[{i}]";
            if (drafts[i] is not { } draft)
            {
                errors.Add(field, "must be an object with field, op and value");
                continue;
            }

            var valid = true;
            if (draft.Field is null || !FieldPath().IsMatch(draft.Field))
            {
                errors.Add(field + ".field", FieldRule);
                valid = false;
            }

            var op = draft.Op switch
            {
                "gt" => ConditionOperator.Gt,
                "gte" => ConditionOperator.Gte,
                "lt" => ConditionOperator.Lt,
                "lte" => ConditionOperator.Lte,
                "eq" => ConditionOperator.Eq,
                "ne" => ConditionOperator.Ne,
                _ => (ConditionOperator?)null,
            };
            if (op is null)
            {
                errors.Add(field + ".op", OperatorRule);
                valid = false;
            }

            if (draft.Value is not { } value || !double.IsFinite(value))
            {
                errors.Add(field + ".value", "is required: a finite number");
                valid = false;
            }

            if (valid)
            {
                conditions.Add(new PayloadCondition(draft.Field!, op!.Value, draft.Value!.Value));
            }
        }

        return conditions;
    }

    /// <summary>The name of an operator in the API.</summary>
    public static string Name(ConditionOperator op) => op switch
    {
        ConditionOperator.Gt => "gt",
        ConditionOperator.Gte => "gte",
        ConditionOperator.Lt => "lt",
        ConditionOperator.Lte => "lte",
        ConditionOperator.Eq => "eq",
        _ => "ne",
    };

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,7}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();
}
