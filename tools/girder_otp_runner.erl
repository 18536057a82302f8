%% Runs a program on real OTP the way girder's CLI runs it, so that its
%% stdout and exit status can serve as the reference (tools/record-expected,
%% tools/diffrun; tools/otp_runner.py drives it).
%%
%%   erl -noshell -pa EBIN... -s girder_otp_runner start -extra MODULE ARGS...
%%
%% calls MODULE:main(ARGS) in a fresh process, ARGS a list of strings, and
%% exits like girder: 0 when main/1 returns, N after erlang:halt(N), 1 after
%% an uncaught exception (reported on stderr), 2 when MODULE cannot be loaded.
%%
%% Output ordering is the point of this module. erlang:display/1 writes
%% straight to the emulator's stdout, while io:format goes through the group
%% leader, and OTP's own `user' server writes asynchronously: its output can
%% land after later erlang:display/1 lines. So the program runs under a group
%% leader of our own (also registered as `user') that writes to fd 1 through
%% a port and does not answer an I/O request until the bytes have reached the
%% file descriptor. Output therefore appears in program order, as it will on
%% girder. Everything else copies what OTP 25's `user' does under -noshell:
%% encoding latin1 until changed with io:setopts/1, characters above 255 on a
%% latin1 device written as \x{HEX}, prompts echoed before input is read.
%% Input requests are handed to OTP's original `user' process.
%%
%% Logger output (crash reports of other processes) goes to stderr so that
%% stdout holds only what the program printed.
-module(girder_otp_runner).
-export([start/0]).

%% State of the group leader.
-record(gl, {
    port,           % fd port writing to file descriptor 1
    input,          % OTP's original `user' process, serving input requests
    encoding,       % latin1 | unicode: the device encoding (io:setopts/1)
    binary          % true when get_* requests return binaries
}).

start() ->
    %% -s runs inside init's boot sequence; return at once and do the work
    %% in a process of our own.
    spawn(fun control/0),
    ok.

control() ->
    case init:get_plain_arguments() of
        [ModName | Args] ->
            run(list_to_atom(ModName), Args);
        [] ->
            usage_exit("usage: erl -noshell -s girder_otp_runner start "
                       "-extra MODULE [ARGS...]")
    end.

run(Mod, Args) ->
    quiet_logger(),
    Gl = start_group_leader(),
    case code:ensure_loaded(Mod) of
        {module, Mod} -> ok;
        {error, Why} ->
            usage_exit(io_lib:format("girder: cannot load module ~p: ~p",
                                     [Mod, Why]))
    end,
    Self = self(),
    {Pid, Ref} =
        spawn_monitor(
          fun() ->
                  group_leader(Gl, self()),
                  try Mod:main(Args) of
                      _ -> Self ! {self(), returned}
                  catch
                      Class:Reason:Stack ->
                          Self ! {self(), raised, Class, Reason, Stack}
                  end
          end),
    receive
        {Pid, returned} ->
            erlang:halt(0);
        {Pid, raised, Class, Reason, Stack} ->
            report(Mod, Class, Reason, Stack),
            erlang:halt(1);
        {'DOWN', Ref, process, Pid, Reason} ->
            %% Killed by an exit signal from a linked process.
            report(Mod, exit, Reason, []),
            erlang:halt(1)
    end.

usage_exit(Msg) ->
    io:put_chars(standard_error, [Msg, $\n]),
    erlang:halt(2).

report(Mod, Class, Reason, Stack0) ->
    Stack = [F || F <- Stack0, element(1, F) =/= ?MODULE],
    Text = try erl_error:format_exception(Class, Reason, Stack)
           catch _:_ -> io_lib:format("~p:~p ~p", [Class, Reason, Stack])
           end,
    io:put_chars(standard_error,
                 ["Uncaught exception in ", atom_to_list(Mod), ":main/1\n",
                  "** ", Text, $\n]).

quiet_logger() ->
    _ = logger:remove_handler(default),
    _ = logger:add_handler(default, logger_std_h,
                           #{config => #{type => standard_error}}),
    ok.

start_group_leader() ->
    Input = whereis(user),
    Parent = self(),
    Gl = spawn(fun() ->
                       Port = open_port({fd, 0, 1}, [out, binary]),
                       Parent ! {self(), ready},
                       gl_loop(#gl{port = Port, input = Input,
                                   encoding = latin1, binary = false})
               end),
    receive {Gl, ready} -> ok end,
    %% io:format(user, ...) must be ordered too.
    true = unregister(user),
    true = register(user, Gl),
    Gl.

gl_loop(S) ->
    receive
        {io_request, From, ReplyAs, Req} ->
            case request(Req, From, ReplyAs, S) of
                {forwarded, S1} ->
                    gl_loop(S1);
                {Reply, S1} ->
                    From ! {io_reply, ReplyAs, Reply},
                    gl_loop(S1)
            end;
        _Other ->
            gl_loop(S)
    end.

%% Output requests.
request({put_chars, Enc, Chars}, _From, _ReplyAs, S) ->
    {put_chars(Enc, Chars, S), S};
request({put_chars, Enc, M, F, A}, _From, _ReplyAs, S) ->
    Reply = try apply(M, F, A) of
                Chars -> put_chars(Enc, Chars, S)
            catch _:_ -> {error, put_chars}
            end,
    {Reply, S};
request({put_chars, Chars}, From, ReplyAs, S) ->
    request({put_chars, latin1, Chars}, From, ReplyAs, S);
request({put_chars, M, F, A}, From, ReplyAs, S) ->
    request({put_chars, latin1, M, F, A}, From, ReplyAs, S);
request({requests, Reqs}, From, ReplyAs, S) ->
    requests(Reqs, From, ReplyAs, {ok, S});
%% Options.
request({setopts, Opts}, _From, _ReplyAs, S) ->
    case setopts(Opts, S) of
        {ok, S1} ->
            %% The input side converts with its own settings.
            _ = io:setopts(S#gl.input, Opts),
            {ok, S1};
        error ->
            {{error, enotsup}, S}
    end;
request(getopts, _From, _ReplyAs, S) ->
    {[{binary, S#gl.binary}, {encoding, S#gl.encoding}], S};
request({get_geometry, _}, _From, _ReplyAs, S) ->
    {{error, enotsup}, S};
%% Input requests: echo the prompt in order, then let OTP's user read.
request(Req, From, ReplyAs, S) when element(1, Req) =:= get_chars;
                                    element(1, Req) =:= get_line;
                                    element(1, Req) =:= get_until;
                                    element(1, Req) =:= get_password ->
    {Prompt, Req1} = split_prompt(Req),
    _ = put_chars(unicode, prompt_chars(Prompt), S),
    S#gl.input ! {io_request, From, ReplyAs, Req1},
    {forwarded, S};
request(_Req, _From, _ReplyAs, S) ->
    {{error, request}, S}.

%% Takes the prompt out of an input request, leaving an empty one.
split_prompt({get_chars, Enc, P, N}) -> {P, {get_chars, Enc, '', N}};
split_prompt({get_chars, P, N}) -> {P, {get_chars, '', N}};
split_prompt({get_line, Enc, P}) -> {P, {get_line, Enc, ''}};
split_prompt({get_line, P}) -> {P, {get_line, ''}};
split_prompt({get_until, Enc, P, M, F, A}) -> {P, {get_until, Enc, '', M, F, A}};
split_prompt({get_until, P, M, F, A}) -> {P, {get_until, '', M, F, A}};
split_prompt(Req) -> {'', Req}.

prompt_chars(Prompt) when is_atom(Prompt) -> atom_to_list(Prompt);
prompt_chars({format, F, A}) -> io_lib:format(F, A);
prompt_chars(Prompt) when is_list(Prompt); is_binary(Prompt) -> Prompt;
prompt_chars(_) -> [].

requests([], _From, _ReplyAs, {Reply, S}) ->
    {Reply, S};
requests([Req | Reqs], From, ReplyAs, {ok, S}) ->
    requests(Reqs, From, ReplyAs, request(Req, From, ReplyAs, S));
requests(_, _From, _ReplyAs, {Reply, S}) ->
    {Reply, S}.

setopts([], S) -> {ok, S};
setopts([binary | T], S) -> setopts(T, S#gl{binary = true});
setopts([list | T], S) -> setopts(T, S#gl{binary = false});
setopts([{binary, B} | T], S) when is_boolean(B) -> setopts(T, S#gl{binary = B});
setopts([{encoding, E} | T], S) when E =:= latin1; E =:= unicode ->
    setopts(T, S#gl{encoding = E});
setopts([{encoding, utf8} | T], S) -> setopts(T, S#gl{encoding = unicode});
setopts(_, _S) -> error.

%% Converts chardata in encoding Enc to the device's bytes and writes them.
put_chars(Enc, Chars, S) ->
    case to_list(Enc, Chars) of
        {ok, List} -> write(S#gl.port, encode(S#gl.encoding, List));
        error -> {error, put_chars}
    end.

to_list(latin1, Chars) ->
    try {ok, binary_to_list(iolist_to_binary(Chars))}
    catch _:_ -> error
    end;
to_list(_Unicode, Chars) ->
    case catch unicode:characters_to_list(Chars, unicode) of
        List when is_list(List) -> {ok, List};
        _ -> error
    end.

encode(unicode, List) ->
    unicode:characters_to_binary(List, unicode, utf8);
encode(latin1, List) ->
    list_to_binary([if C < 256 -> C;
                       true -> ["\\x{", integer_to_list(C, 16), "}"]
                    end || C <- List]).

%% Returns only when the driver has handed every byte to the kernel: the
%% port_info/2 signal is ordered after the command, and a non-empty queue
%% means the driver is still waiting for the descriptor to take more.
write(Port, Bin) ->
    true = erlang:port_command(Port, Bin),
    wait_drained(Port).

wait_drained(Port) ->
    case erlang:port_info(Port, queue_size) of
        {queue_size, 0} -> ok;
        {queue_size, _} -> receive after 1 -> wait_drained(Port) end;
        undefined -> {error, terminated}
    end.
