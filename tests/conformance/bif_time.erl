%% Clocks, dates, references and unique integers, by their properties
%% (types, monotonicity, units agreeing, uniqueness, conversions between
%% calendar forms), never by values that change from run to run; and the
%% badarg cases of the time BIFs.
-module(bif_time).
-export([main/1]).

t(F) -> try F() catch C:R -> {C, R} end.
id(X) -> X.

main(_) ->
    M1 = erlang:monotonic_time(),
    M2 = erlang:monotonic_time(),
    erlang:display({is_integer(M1), M2 >= M1}),
    erlang:display([is_integer(erlang:monotonic_time(U)) || U <- [second, millisecond, microsecond,
                                                                  nanosecond, native, 1000, seconds]]),
    erlang:display(erlang:convert_time_unit(1, second, native)),
    erlang:display(erts_internal:time_unit()),
    S1 = erlang:system_time(second),
    S2 = os:system_time(second),
    erlang:display({S1 > 1600000000, abs(S2 - S1) =< 1}),
    erlang:display(abs(erlang:system_time(millisecond) div 1000 - S1) =< 1),
    Off = erlang:time_offset(second),
    erlang:display(abs(erlang:monotonic_time(second) + Off - erlang:system_time(second)) =< 1),
    {Mega, Sec, Micro} = erlang:timestamp(),
    erlang:display({is_integer(Mega), Sec < 1000000, Micro < 1000000, abs(Mega * 1000000 + Sec - S1) =< 1}),
    Nows = [erlang:now() || _ <- lists:seq(1, 100)],
    erlang:display(lists:usort(Nows) =:= Nows),
    {_, _, _} = os:timestamp(),
    erlang:display(is_integer(os:perf_counter())),
    {{Y, Mo, D}, {H, Mi, Se}} = erlang:universaltime(),
    erlang:display({Y >= 2020, Mo =< 12, D =< 31, H < 24, Mi < 60, Se < 60}),
    {Date, {_, _, _}} = erlang:localtime(),
    erlang:display(Date =:= erlang:date() orelse Date =/= erlang:date()),
    erlang:display(tuple_size(erlang:time())),
    erlang:display(erlang:universaltime_to_posixtime({{2020, 6, 1}, {12, 0, 0}})),
    erlang:display(erlang:universaltime_to_posixtime({{1960, 6, 1}, {12, 0, 0}})),
    erlang:display(erlang:posixtime_to_universaltime(1590000000)),
    erlang:display(erlang:posixtime_to_universaltime(-100)),
    erlang:display(erlang:posixtime_to_universaltime(0)),
    erlang:display([erlang:posixtime_to_universaltime(P) ||
                       P <- [-1, -2208988800, -2208988801, -62135596800, -62135596801,
                             1 bsl 40, 1 bsl 59, 1 bsl 62]]),
    erlang:display([t(fun() -> erlang:universaltime_to_posixtime({{Y, 1, 1}, {0, 0, 0}}) end) ||
                       Y <- [1, 1599, 1600, 1601, 1900, 9999, 100000000, 1 bsl 31]]),
    erlang:display([element(1, t(fun() -> erlang:universaltime_to_localtime({{Y, 1, 1}, {0, 0, 0}}) end)) ||
                       Y <- [1, 1901, 1 bsl 31]]),
    erlang:display([element(1, t(fun() -> erlang:localtime_to_universaltime({{Y, 6, 1}, {0, 0, 0}}, false) end)) ||
                       Y <- [1, 1901, 1 bsl 31]]),
    erlang:display([erlang:statistics(K) || K <- [scheduler_wall_time, scheduler_wall_time_all]]),
    UT = {{2021, 3, 14}, {15, 9, 26}},
    erlang:display(erlang:localtime_to_universaltime(erlang:universaltime_to_localtime(UT), false) =:= UT orelse dst),
    erlang:display(calendar:datetime_to_gregorian_seconds(UT)),
    erlang:display(calendar:day_of_the_week(2021, 3, 14)),
    Refs = [make_ref() || _ <- lists:seq(1, 1000)],
    erlang:display(length(lists:usort(Refs))),
    erlang:display(is_reference(hd(Refs))),
    erlang:display(lists:prefix("#Ref<0.", ref_to_list(hd(Refs)))),
    U = [erlang:unique_integer() || _ <- lists:seq(1, 1000)],
    erlang:display(length(lists:usort(U))),
    P = [erlang:unique_integer([positive]) || _ <- lists:seq(1, 100)],
    erlang:display(lists:all(fun(X) -> X > 0 end, P)),
    MI = [erlang:unique_integer([monotonic]) || _ <- lists:seq(1, 100)],
    erlang:display(lists:sort(MI) =:= MI andalso length(lists:usort(MI)) =:= 100),
    PM = [erlang:unique_integer([positive, monotonic]) || _ <- lists:seq(1, 100)],
    erlang:display(lists:sort(PM) =:= PM andalso hd(PM) > 0),
    {R1, _} = erlang:statistics(runtime),
    {W1, _} = erlang:statistics(wall_clock),
    {Re1, _} = erlang:statistics(reductions),
    erlang:display({is_integer(R1), is_integer(W1), is_integer(Re1)}),
    erlang:display(erlang:statistics(run_queue)),
    Cases =
        [fun() -> erlang:monotonic_time(id(foo)) end,
         fun() -> erlang:monotonic_time(id(0)) end,
         fun() -> erlang:system_time(id(-1)) end,
         fun() -> erlang:time_offset(id("s")) end,
         fun() -> erlang:unique_integer(id([foo])) end,
         fun() -> erlang:unique_integer(id(foo)) end,
         fun() -> erlang:unique_integer(id([positive | x])) end,
         fun() -> erlang:statistics(id(foo)) end,
         fun() -> erlang:universaltime_to_posixtime(id({{2020, 2, 30}, {0, 0, 0}})) end,
         fun() -> erlang:universaltime_to_posixtime(id({{2020, 6, 1}, {24, 0, 0}})) end,
         fun() -> erlang:universaltime_to_posixtime(id(x)) end,
         fun() -> erlang:posixtime_to_universaltime(id(1.0)) end,
         fun() -> erlang:universaltime_to_localtime(id({{2020, 13, 1}, {0, 0, 0}})) end,
         fun() -> erlang:localtime_to_universaltime(id({{2020, 6, 1}, {12, 0, 0}}), id(foo)) end,
         fun() -> erlang:localtime_to_universaltime(id({{2020, 6, 31}, {12, 0, 0}}), false) end],
    lists:foreach(fun(F) -> erlang:display(t(F)) end, Cases).
