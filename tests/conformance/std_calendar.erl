%% OTP's calendar module (pure date arithmetic), unmodified.
-module(std_calendar).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    d(calendar:date_to_gregorian_days(2024, 2, 29)),
    d(calendar:date_to_gregorian_days({2000, 1, 1})),
    d(calendar:gregorian_days_to_date(739000)),
    d(calendar:datetime_to_gregorian_seconds({{2024, 3, 15}, {12, 30, 45}})),
    d(calendar:gregorian_seconds_to_datetime(63000000000)),
    d(calendar:day_of_the_week(2024, 3, 15)),
    d(calendar:day_of_the_week({1970, 1, 1})),
    d(calendar:is_leap_year(1900)),
    d(calendar:is_leap_year(2000)),
    d(calendar:last_day_of_the_month(2023, 2)),
    d(calendar:last_day_of_the_month(2024, 2)),
    d(calendar:valid_date(2023, 2, 29)),
    d(calendar:valid_date({2024, 2, 29})),
    d(calendar:iso_week_number({2021, 1, 3})),
    d(calendar:iso_week_number({2024, 12, 30})),
    d(calendar:seconds_to_daystime(100000)),
    d(calendar:seconds_to_time(3725)),
    d(calendar:time_to_seconds({1, 2, 5})),
    d(calendar:time_difference({{2024, 1, 1}, {0, 0, 0}}, {{2024, 1, 2}, {1, 1, 1}})),
    d(calendar:system_time_to_universal_time(1700000000, second)),
    d(calendar:system_time_to_rfc3339(1700000000, [{offset, "Z"}])),
    d(calendar:system_time_to_rfc3339(1700000000123, [{unit, millisecond}, {offset, "+02:00"}])),
    d(calendar:rfc3339_to_system_time("2023-11-14T22:13:20Z")),
    d(calendar:rfc3339_to_system_time("2023-11-14T22:13:20.5+01:00", [{unit, millisecond}])),
    d(calendar:now_to_universal_time({1700, 0, 0})),
    d(calendar:universal_time_to_local_time({{2024, 1, 1}, {0, 0, 0}}) =/= undefined).
