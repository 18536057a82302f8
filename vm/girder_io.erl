%% girder_io: girder's I/O server for standard output, standard error and
%% standard input.  It speaks the Erlang I/O protocol, so OTP's io module
%% works through it unmodified: the boot registers the one on file
%% descriptor 1 as `user' (the group leader of the first process) and the
%% one on descriptor 2 as `standard_error'.
%%
%% A request is answered only after its bytes were written, so output
%% appears in program order.  Like OTP's `user' under -noshell, the device
%% encoding is latin1 until io:setopts/1 changes it (characters above 255
%% are then written as \x{HEX}), and input prompts are echoed before input
%% is read.  The byte work is native (bif/io.c): write/4 encodes chardata
%% and writes it; read_request/2 asks girder's reader thread for a line or
%% bytes of descriptor 0, which come back as {girder_io_input, Data}.
-module(girder_io).
-export([start/1, server/1]).
-export([write/4, read_request/2, decode/3]).

-record(dev, {fd, encoding = latin1, binary = false, buf = <<>>}).

start(Fd) -> spawn(?MODULE, server, [Fd]).

server(Fd) -> loop(#dev{fd = Fd}).

loop(D) ->
    receive
        {io_request, From, ReplyAs, Req} ->
            {Reply, D1} = request(Req, D),
            From ! {io_reply, ReplyAs, Reply},
            loop(D1);
        _ ->
            loop(D)
    end.

%% Natives (bif/io.c).
write(_Fd, _InEnc, _DevEnc, _Chars) -> erlang:nif_error(undef).
read_request(_Kind, _N) -> erlang:nif_error(undef).
decode(_Bin, _DevEnc, _Binary) -> erlang:nif_error(undef).

request({put_chars, Enc, Chars}, D) -> {put(Enc, Chars, D), D};
request({put_chars, Enc, M, F, A}, D) ->
    Reply = try apply(M, F, A) of
                Chars -> put(Enc, Chars, D)
            catch _:_ -> {error, put_chars}
            end,
    {Reply, D};
request({put_chars, Chars}, D) -> request({put_chars, latin1, Chars}, D);
request({put_chars, M, F, A}, D) -> request({put_chars, latin1, M, F, A}, D);
request({requests, Reqs}, D) -> requests(Reqs, {ok, D});
request({setopts, Opts}, D) ->
    case setopts(Opts, D) of
        {ok, D1} -> {ok, D1};
        error -> {{error, enotsup}, D}
    end;
request(getopts, D) ->
    {[{binary, D#dev.binary}, {encoding, D#dev.encoding}], D};
request({get_geometry, _}, D) -> {{error, enotsup}, D};
request({get_line, Enc, Prompt}, D) -> get_line(Enc, Prompt, D);
request({get_line, Prompt}, D) -> get_line(latin1, Prompt, D);
request({get_chars, Enc, Prompt, N}, D) -> get_chars(Enc, Prompt, N, D);
request({get_chars, Prompt, N}, D) -> get_chars(latin1, Prompt, N, D);
request({get_until, Enc, Prompt, M, F, A}, D) -> get_until(Enc, Prompt, M, F, A, D);
request({get_until, Prompt, M, F, A}, D) -> get_until(latin1, Prompt, M, F, A, D);
request(_Req, D) -> {{error, request}, D}.

requests([], Acc) -> Acc;
requests([R | Rs], {ok, D}) -> requests(Rs, request(R, D));
requests(_, Acc) -> Acc.

setopts([], D) -> {ok, D};
setopts([binary | T], D) -> setopts(T, D#dev{binary = true});
setopts([list | T], D) -> setopts(T, D#dev{binary = false});
setopts([{binary, B} | T], D) when is_boolean(B) -> setopts(T, D#dev{binary = B});
setopts([{encoding, E} | T], D) when E =:= latin1; E =:= unicode ->
    setopts(T, D#dev{encoding = E});
setopts([{encoding, utf8} | T], D) -> setopts(T, D#dev{encoding = unicode});
setopts(_, _) -> error.

put(Enc, Chars, D) ->
    case write(D#dev.fd, Enc, D#dev.encoding, Chars) of
        ok -> ok;
        _ -> {error, put_chars}
    end.

prompt(D, '') -> D;
prompt(D, Prompt) ->
    Chars = if is_atom(Prompt) -> atom_to_list(Prompt);
               is_tuple(Prompt), tuple_size(Prompt) =:= 3,
               element(1, Prompt) =:= format ->
                    try io_lib:format(element(2, Prompt), element(3, Prompt))
                    catch _:_ -> [] end;
               true -> Prompt
            end,
    _ = write(D#dev.fd, unicode, D#dev.encoding, Chars),
    D.

%% Input: bytes come from the buffer first, then from descriptor 0.
next_line(#dev{buf = <<>>} = D) ->
    case read_input(line, 0) of
        eof -> {eof, D};
        Bin -> {Bin, D}
    end;
next_line(#dev{buf = Buf} = D) -> {Buf, D#dev{buf = <<>>}}.

%% Standard input is read by a thread of its own: no scheduler waits.
read_input(Kind, N) ->
    ok = read_request(Kind, N),
    receive {girder_io_input, Data} -> Data end.

get_line(_Enc, Prompt, D0) ->
    D = prompt(D0, Prompt),
    case next_line(D) of
        {eof, D1} -> {eof, D1};
        {Bin, D1} -> {decode(Bin, D1#dev.encoding, D1#dev.binary), D1}
    end.

get_chars(_Enc, Prompt, N, D0) ->
    D = prompt(D0, Prompt),
    Have = D#dev.buf,
    Bin = case byte_size(Have) >= N of
              true -> Have;
              false ->
                  case read_input(chars, N - byte_size(Have)) of
                      eof -> Have;
                      More -> <<Have/binary, More/binary>>
                  end
          end,
    case Bin of
        <<>> -> {eof, D#dev{buf = <<>>}};
        _ when byte_size(Bin) > N ->
            <<Take:N/binary, Rest/binary>> = Bin,
            {decode(Take, D#dev.encoding, D#dev.binary), D#dev{buf = Rest}};
        _ -> {decode(Bin, D#dev.encoding, D#dev.binary), D#dev{buf = <<>>}}
    end.

get_until(_Enc, Prompt, M, F, A, D0) ->
    D = prompt(D0, Prompt),
    get_until_loop([], M, F, A, D).

get_until_loop(State, M, F, A, D) ->
    {Data, D1} = case next_line(D) of
                     {eof, Dx} -> {eof, Dx};
                     {Bin, Dx} -> {decode(Bin, Dx#dev.encoding, false), Dx}
                 end,
    case catch apply(M, F, [State, Data | A]) of
        {done, Result, Rest} ->
            Buf = case Rest of
                      eof -> <<>>;
                      [] -> <<>>;
                      _ -> unicode:characters_to_binary(Rest)
                  end,
            {Result, D1#dev{buf = Buf}};
        {more, State1} when Data =/= eof ->
            get_until_loop(State1, M, F, A, D1);
        {more, _} ->
            {eof, D1};
        _ ->
            {{error, F}, D1}
    end.
