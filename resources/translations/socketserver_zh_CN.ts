<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AllowList</name>
    <message>
        <source>allow: &apos;%1&apos;: %2</source>
        <translation>allow：“%1”：%2</translation>
    </message>
    <message>
        <source>not an IPv4 or IPv6 address or CIDR range (as in 10.0.0.0/8 or ::1/128)</source>
        <translation>不是 IPv4 或 IPv6 地址，也不是 CIDR 网段（例如 10.0.0.0/8 或 ::1/128）</translation>
    </message>
    <message>
        <source>the prefix length must be a number from 0 to 32 for IPv4</source>
        <translation>IPv4 的前缀长度必须是 0 到 32 之间的数字</translation>
    </message>
    <message>
        <source>the prefix length must be a number from 0 to 128 for IPv6</source>
        <translation>IPv6 的前缀长度必须是 0 到 128 之间的数字</translation>
    </message>
</context>
<context>
    <name>ByteText</name>
    <message>
        <source>a lone backslash at the end: write \\ for a backslash</source>
        <translation>末尾有一个单独的反斜杠：反斜杠本身请写作 \\</translation>
    </message>
    <message>
        <source>\x at position %1 needs two hex digits, as in \x0a</source>
        <translation>位置 %1 的 \x 需要两位十六进制数字，例如 \x0a</translation>
    </message>
    <message>
        <source>unknown escape \%1 at position %2 (known: \n \r \t \0 \\ \&quot; \&apos; \xNN)</source>
        <translation>位置 %2 处的转义 \%1 无法识别（可用：\n \r \t \0 \\ \&quot; \&apos; \xNN）</translation>
    </message>
    <message>
        <source>hex digit missing before position %1: write bytes as pairs of digits, as in 0a ff</source>
        <translation>位置 %1 之前缺少一位十六进制数字：每个字节写成两位数字，例如 0a ff</translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is not a hex digit</source>
        <translation>位置 %2 的“%1”不是十六进制数字</translation>
    </message>
    <message>
        <source>odd number of hex digits: write bytes as pairs, as in 0a ff</source>
        <translation>十六进制数字个数为奇数：每个字节写成两位，例如 0a ff</translation>
    </message>
</context>
<context>
    <name>ClientCertificate</name>
    <message>
        <source>%1 %2 cannot be read: %3</source>
        <translation>无法读取%1 %2：%3</translation>
    </message>
    <message>
        <source>client key %1: the certificate it belongs to is not given</source>
        <translation>客户端私钥 %1：未指定它所属的证书</translation>
    </message>
    <message>
        <source>client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <source>client certificate %1: no PEM certificate could be read from it</source>
        <translation>客户端证书 %1：无法从中读取任何 PEM 证书</translation>
    </message>
    <message>
        <source>client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <source>client key %1: no unencrypted PEM private key could be read from it</source>
        <translation>客户端私钥 %1：无法从中读取未加密的 PEM 私钥</translation>
    </message>
    <message>
        <source>client key %1 is not the key of the certificate in %2</source>
        <translation>客户端私钥 %1 与 %2 中的证书不匹配</translation>
    </message>
</context>
<context>
    <name>ClientConnection</name>
    <message>
        <source>unconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <source>type the server&apos;s socket path, as in /tmp/echo.sock</source>
        <translation>请输入服务器的套接字路径，例如 /tmp/echo.sock</translation>
    </message>
    <message>
        <source>type the server&apos;s address as host:port, as in 127.0.0.1:9999</source>
        <translation>请以 host:port 形式输入服务器地址，例如 127.0.0.1:9999</translation>
    </message>
    <message>
        <source>the path is %1 bytes long; a Unix socket path may have at most %2</source>
        <translation>路径长 %1 字节；Unix 套接字路径最多 %2 字节</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an address: write an IPv6 address as [::1]:9999</source>
        <translation>“%1”不是有效地址：IPv6 地址请写作 [::1]:9999</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an IPv6 address</source>
        <translation>“%1”不是 IPv6 地址</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: put an IPv6 address in brackets, as in [::1]:9999</source>
        <translation>“%1”：IPv6 地址请放在方括号中，例如 [::1]:9999</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a host name or IPv4 address</source>
        <translation>“%1”不是主机名或 IPv4 地址</translation>
    </message>
    <message>
        <source>the port is missing: write host:port, as in 127.0.0.1:9999</source>
        <translation>缺少端口：请写作 host:port，例如 127.0.0.1:9999</translation>
    </message>
    <message>
        <source>port &apos;%1&apos; is not a number from 1 to 65535</source>
        <translation>端口“%1”不是 1 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>connection refused: nothing is listening on %1</source>
        <translation>连接被拒绝：%1 上没有程序在监听</translation>
    </message>
    <message>
        <source>host not found: %1</source>
        <translation>找不到主机：%1</translation>
    </message>
    <message>
        <source>timed out talking to %1</source>
        <translation>与 %1 通信超时</translation>
    </message>
    <message>
        <source>network error (unreachable or reset): %1</source>
        <translation>网络错误（不可达或连接被重置）：%1</translation>
    </message>
    <message>
        <source>permission denied: %1</source>
        <translation>权限不足：%1</translation>
    </message>
    <message>
        <source>no such path: no socket at %1</source>
        <translation>路径不存在：%1 处没有套接字</translation>
    </message>
    <message>
        <source>connection refused: no server accepts on %1</source>
        <translation>连接被拒绝：%1 上没有服务器接受连接</translation>
    </message>
    <message>
        <source>timed out: no connection to %1 after %2 s</source>
        <translation>超时：%2 秒后仍未连接到 %1</translation>
    </message>
    <message>
        <source>timed out: %1 could not be reached after %2 s</source>
        <translation>超时：%2 秒后仍无法到达 %1</translation>
    </message>
    <message>
        <source>no target: type an address or pick a running server</source>
        <translation>没有目标：请输入地址或选择一个运行中的服务器</translation>
    </message>
    <message>
        <source>the connection is closing; wait until it has closed</source>
        <translation>连接正在关闭，请等待其关闭完成</translation>
    </message>
    <message>
        <source>%1 bytes is too long for one UDP datagram (at most 65507)</source>
        <translation>%1 字节超出单个 UDP 数据报的上限（最多 65507）</translation>
    </message>
    <message>
        <source>connection refused: nothing is listening on UDP %1 (port unreachable)</source>
        <translation>连接被拒绝：UDP %1 上没有程序在监听（端口不可达）</translation>
    </message>
    <message>
        <source>network error (unreachable): %1</source>
        <translation>网络错误（不可达）：%1</translation>
    </message>
    <message>
        <source>connection refused: no server is bound to %1</source>
        <translation>连接被拒绝：没有服务器绑定到 %1</translation>
    </message>
    <message>
        <source>the server&apos;s queue is full: the datagram was not sent</source>
        <translation>服务器的队列已满：数据报未发送</translation>
    </message>
    <message>
        <source>%1 bytes is too long for one datagram</source>
        <translation>%1 字节超出单个数据报的上限</translation>
    </message>
    <message>
        <source>%1 is not a datagram socket (a stream server?)</source>
        <translation>%1 不是数据报套接字（可能是流式服务器？）</translation>
    </message>
    <message>
        <source>cannot create the client&apos;s own socket %1: %2</source>
        <translation>无法创建客户端自己的套接字 %1：%2</translation>
    </message>
    <message>
        <source>UDP %1: %2</source>
        <translation>UDP %1：%2</translation>
    </message>
    <message>
        <source>the TLS handshake failed: %1 (is it a TLS server? do both sides share a TLS version?)</source>
        <translation>TLS 握手失败：%1（对方是 TLS 服务器吗？双方是否有共同支持的 TLS 版本？）</translation>
    </message>
    <message>
        <source>TLS is not available: Qt has no working OpenSSL backend (its plugin libqopensslbackend.so and OpenSSL 3&apos;s libssl must be installed; backends found: %1)</source>
        <translation>TLS 不可用：Qt 没有可用的 OpenSSL 后端（需要安装其插件 libqopensslbackend.so 和 OpenSSL 3 的 libssl；找到的后端：%1）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>the certificate of %1 is not trusted: %2</source>
        <translation>%1 的证书不受信任：%2</translation>
    </message>
    <message>
        <source>the TLS handshake failed: %1 closed the connection before it was done (is it a TLS server? does it accept this client?)</source>
        <translation>TLS 握手失败：%1 在握手完成前关闭了连接（对方是 TLS 服务器吗？它接受这个客户端吗？）</translation>
    </message>
    <message>
        <source>CA bundle %1: no PEM certificate could be read from it</source>
        <translation>CA 证书包 %1：无法从中读取任何 PEM 证书</translation>
    </message>
    <message>
        <source>the server requires a client certificate, and none was given: choose one in the TLS options (%1)</source>
        <translation>服务器要求客户端证书，但未提供：请在 TLS 选项中选择一个（%1）</translation>
    </message>
    <message>
        <source>the server did not accept the client certificate: it does not trust its issuer, or the certificate is not for a client (%1)</source>
        <translation>服务器未接受客户端证书：它不信任该证书的签发者，或该证书不是客户端证书（%1）</translation>
    </message>
</context>
<context>
    <name>ClientPanel</name>
    <message>
        <source>connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <source>The kind of socket the client opens</source>
        <translation>客户端打开的套接字类型</translation>
    </message>
    <message>
        <source>&amp;Transport:</source>
        <translation>传输方式(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>Open a connection to the target (stream transports; Send also connects when needed)</source>
        <translation>打开到目标的连接（流式传输；需要时“发送”也会自动连接）</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开(&amp;D)</translation>
    </message>
    <message>
        <source>Close the connection</source>
        <translation>关闭连接</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>/path/to/server.sock</source>
        <translation>/path/to/server.sock</translation>
    </message>
    <message>
        <source>host:port, as in 127.0.0.1:9999 or [::1]:9999</source>
        <translation>host:port，例如 127.0.0.1:9999 或 [::1]:9999</translation>
    </message>
    <message>
        <source>The server&apos;s socket path</source>
        <translation>服务器的套接字路径</translation>
    </message>
    <message>
        <source>The server&apos;s address: host:port, [IPv6]:port, or a port alone for 127.0.0.1</source>
        <translation>服务器地址：host:port、[IPv6]:port，或只写端口（主机为 127.0.0.1）</translation>
    </message>
    <message>
        <source>Bad address: %1</source>
        <translation>地址有误：%1</translation>
    </message>
    <message>
        <source>connectionless (every send is one datagram)</source>
        <translation>无连接（每次发送即一个数据报）</translation>
    </message>
    <message>
        <source>unconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <source>Pick a running server…</source>
        <translation>选择一个运行中的服务器…</translation>
    </message>
    <message>
        <source>No running servers</source>
        <translation>没有运行中的服务器</translation>
    </message>
    <message>
        <source>No server list</source>
        <translation>没有服务器列表</translation>
    </message>
    <message>
        <source>Fill in the transport and address of a running server; typing the address of one selects it here</source>
        <translation>填入一个运行中服务器的传输方式和地址；输入某个服务器的地址也会在这里选中它</translation>
    </message>
    <message>
        <source>Se&amp;rver:</source>
        <translation>服务器(&amp;R)：</translation>
    </message>
    <message>
        <source>Co&amp;nnect</source>
        <translation>连接(&amp;N)</translation>
    </message>
    <message>
        <source>What you send and what comes back appears here, newest at the bottom, with the round-trip time of each reply and any error where it happened.</source>
        <translation>发送的内容和收到的回复按顺序显示在这里，最新的在最下面；每条回复附有往返时间，出错时错误就显示在出错的位置。</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>→ sent, ← received (with the time since the last send), ✖ errors. Select entries and press Ctrl+C to copy them.</source>
        <translation>→ 已发送，← 已收到（附自上次发送以来的时间），✖ 错误。选中条目后按 Ctrl+C 复制。</translation>
    </message>
    <message>
        <source>He&amp;x</source>
        <translation>十六进制(&amp;X)</translation>
    </message>
    <message>
        <source>Show the bytes as hex with offsets and an ASCII column, instead of text with control characters escaped</source>
        <translation>以带偏移量和 ASCII 列的十六进制显示字节，而不是以转义控制字符的文本显示</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selected entries (Ctrl+C)</source>
        <translation>复制选中的条目（Ctrl+C）</translation>
    </message>
    <message>
        <source>Empty the conversation</source>
        <translation>清空对话</translation>
    </message>
    <message>
        <source>closed the connection to %1</source>
        <translation>已关闭到 %1 的连接</translation>
    </message>
    <message>
        <source>1 message not sent: it waited for this connection</source>
        <translation>1 条消息未发送：它在等待这个连接</translation>
    </message>
    <message>
        <source>%1 messages not sent: they waited for this connection</source>
        <translation>%1 条消息未发送：它们在等待这个连接</translation>
    </message>
    <message>
        <source>TLS handshake done: %1</source>
        <translation>TLS 握手完成：%1</translation>
    </message>
    <message>
        <source>trusting this certificate of %1 until the console exits</source>
        <translation>在控制台退出前信任 %1 的这张证书</translation>
    </message>
    <message>
        <source>Multicast:</source>
        <translation>组播：</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation>（已移除）</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 (pinned)</source>
        <translation>%1（已固定）</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>打开时间</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>In</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>%1, send failed: %2</source>
        <translation>%1，发送失败：%2</translation>
    </message>
    <message>
        <source>Sending by hand failed: %1</source>
        <translation>手动发送失败：%1</translation>
    </message>
    <message>
        <source>The request&apos;s id as the log prints it (#N), unique across servers; a datagram peer&apos;s is its first datagram&apos;s</source>
        <translation>请求编号，与日志中的 #N 相同，在所有服务器之间唯一；数据报对端的编号是其第一个数据报的编号</translation>
    </message>
    <message>
        <source>When the connection was accepted (a datagram peer: first heard)</source>
        <translation>连接被接受的时间（数据报对端：首次收到的时间）</translation>
    </message>
    <message>
        <source>Bytes received from the client</source>
        <translation>从客户端收到的字节数</translation>
    </message>
    <message>
        <source>Bytes sent to the client, by the server and by you</source>
        <translation>发送给客户端的字节数（服务器发送的和你手动发送的）</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Messages received / sent: each read from the connection (or datagram from the peer), each send to it. The servers table counts connections.</source>
        <translation>收到 / 发出的消息数：从连接中每读取一次（或从对端收到一个数据报）、每向它发送一次各计一条。服务器表统计的是连接数。</translation>
    </message>
    <message>
        <source>The latest message either way (a datagram peer: last heard or sent to)</source>
        <translation>最近一条收发的消息（数据报对端：最近一次收到或发送的时间）</translation>
    </message>
    <message>
        <source>active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>静默</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Datagram peer %1 of %2, #%3: %4 datagrams in, %5 out; first heard %6, last %7. Forgotten after %8 s of silence.</source>
        <translation>%2 的数据报对端 %1，#%3：收到 %4 个数据报，发出 %5 个；首次收到 %6，最近 %7。静默 %8 秒后被遗忘。</translation>
    </message>
    <message>
        <source>Connection #%1 to %2 from %3</source>
        <translation>连接 #%1，服务器 %2，来自 %3</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>A TLS connection&apos;s protocol version and cipher (all the handshake&apos;s facts in the row&apos;s tool tip); empty when the connection is not encrypted</source>
        <translation>TLS 连接的协议版本和加密套件（握手的全部信息见该行的工具提示）；未加密的连接此处为空</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>TLS version: %1
Cipher: %2
ALPN: %3
Server name (SNI): %4
Client certificate: %5</source>
        <translation>TLS 版本：%1
加密套件：%2
ALPN：%3
服务器名称 (SNI)：%4
客户端证书：%5</translation>
    </message>
</context>
<context>
    <name>ConnectionsPanel</name>
    <message>
        <source>&amp;Kick</source>
        <translation>断开(&amp;K)</translation>
    </message>
    <message>
        <source>Close the selected connection</source>
        <translation>关闭选中的连接</translation>
    </message>
    <message>
        <source>Kick all of server</source>
        <translation>断开该服务器全部连接</translation>
    </message>
    <message>
        <source>Close every open connection of the selected connection&apos;s server</source>
        <translation>关闭选中连接所属服务器的所有打开的连接</translation>
    </message>
    <message>
        <source>&amp;Pin</source>
        <translation>固定(&amp;P)</translation>
    </message>
    <message>
        <source>Keep the selected connection in the table after it closes</source>
        <translation>选中的连接关闭后仍保留在表中</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Keep closed rows:</source>
        <translation>保留已关闭的行：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Seconds a closed connection stays in the table (pinned rows stay until unpinned); 0 keeps every closed row</source>
        <translation>已关闭的连接在表中保留的秒数（已固定的行保留到取消固定）；0 表示保留所有已关闭的行</translation>
    </message>
    <message>
        <source>until cleared</source>
        <translation>直到清空</translation>
    </message>
    <message>
        <source>Select a connection to show only its rows in the log</source>
        <translation>选中一个连接，日志中只显示它的行</translation>
    </message>
    <message>
        <source>Connection #%1 is already closed</source>
        <translation>连接 #%1 已关闭</translation>
    </message>
    <message numerus="yes">
        <source>Closed %n connection(s)</source>
        <translation>
            <numerusform>已关闭 %n 个连接</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Send…</source>
        <translation>发送(&amp;S)…</translation>
    </message>
    <message>
        <source>Send a message by hand to the selected connections (or datagram peers), from the server</source>
        <translation>从服务器手动向所选连接（或数据报对端）发送消息</translation>
    </message>
    <message>
        <source>Send to every open connection of the selected rows&apos; servers (datagram servers: every peer heard from in the last minute)</source>
        <translation>发送给所选行所属服务器的每个打开的连接（数据报服务器：最近一分钟内收到过数据的每个对端）</translation>
    </message>
    <message>
        <source>Message from the server</source>
        <translation>服务器发出的消息</translation>
    </message>
    <message>
        <source>Select open connections (or datagram rows) in the table to send to them.</source>
        <translation>在表格中选择打开的连接（或数据报行）即可向其发送。</translation>
    </message>
    <message>
        <source>To every connection of %1.</source>
        <translation>发给 %1 的所有连接。</translation>
    </message>
    <message>
        <source>Cannot send: %1</source>
        <translation>无法发送：%1</translation>
    </message>
    <message numerus="yes">
        <source>To %n selected connection(s).</source>
        <translation>
            <numerusform>发给所选的 %n 个连接。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not sent: the server has no open connection</source>
        <translation>未发送：该服务器没有打开的连接</translation>
    </message>
    <message numerus="yes">
        <source>Sending %1 bytes to %n connection(s)</source>
        <translation>
            <numerusform>正在向 %n 个连接发送 %1 字节</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>#%1：%2</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>Sending to %1; not to %2</source>
        <translation>正在发送给 %1 个；未发送给 %2</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>To every connection of the server</source>
        <translation>发给该服务器的所有连接</translation>
    </message>
</context>
<context>
    <name>ConsoleCertificate</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>无法替换 %1</translation>
    </message>
    <message>
        <source>cannot create the directory %1</source>
        <translation>无法创建目录 %1</translation>
    </message>
    <message>
        <source>there is no certificate to export yet</source>
        <translation>还没有可导出的证书</translation>
    </message>
</context>
<context>
    <name>ConversationModel</name>
    <message>
        <source>Received at %1; the round-trip time runs from the last send to this reply</source>
        <translation>收到于 %1；往返时间从上次发送算到这条回复</translation>
    </message>
    <message numerus="yes">
        <source>→ sent %n B</source>
        <translation>
            <numerusform>→ 已发送 %n 字节</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>← received %n B</source>
        <translation>
            <numerusform>← 已收到 %n 字节</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · rtt %2 ms</source>
        <translation>%1 · 往返 %2 毫秒</translation>
    </message>
    <message>
        <source>— %1</source>
        <translation>— %1</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
    <message numerus="yes">
        <source>⋯ %n older entries dropped (the newest %1 are kept)</source>
        <translation>
            <numerusform>⋯ 已丢弃 %n 条较早的条目（保留最新的 %1 条）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %n more bytes (Copy takes them all)</source>
        <translation>
            <numerusform>… 另有 %n 字节（复制会包含全部）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1，来自 %2</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>EventBridge</name>
    <message numerus="yes">
        <source>%n data event(s) not shown: the console could not keep up with the traffic (the counters are exact)</source>
        <translation>
            <numerusform>%n 个数据事件未显示：控制台跟不上流量（计数器仍然准确）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Framing</name>
    <message>
        <source>framing &apos;%1&apos;: the length must be a number from 1 to %2</source>
        <translation>分帧“%1”：长度必须是 1 到 %2 之间的数字</translation>
    </message>
    <message>
        <source>framing &apos;%1&apos;: %2</source>
        <translation>分帧“%1”：%2</translation>
    </message>
    <message>
        <source>the delimiter is empty</source>
        <translation>分隔符为空</translation>
    </message>
    <message>
        <source>framing &apos;%1&apos; is not one of chunk, line, length:N, delimiter:TEXT, delimiterHex:HEX</source>
        <translation>分帧“%1”不是 chunk、line、length:N、delimiter:TEXT、delimiterHex:HEX 之一</translation>
    </message>
</context>
<context>
    <name>HandSender</name>
    <message>
        <source>request #%1 is not an open connection (it has finished, or it is unknown)</source>
        <translation>请求 #%1 不是打开的连接（已结束或未知）</translation>
    </message>
    <message>
        <source>the message is empty</source>
        <translation>消息为空</translation>
    </message>
    <message>
        <source>the connection has closed</source>
        <translation>连接已关闭</translation>
    </message>
    <message>
        <source>the peer is not reading: sent %1 of %2 bytes</source>
        <translation>对端没有读取：已发送 %1 / %2 字节</translation>
    </message>
    <message>
        <source>the peer is gone (%1): sent %2 of %3 bytes</source>
        <translation>对端已断开（%1）：已发送 %2 / %3 字节</translation>
    </message>
    <message>
        <source>cannot send: %1</source>
        <translation>无法发送：%1</translation>
    </message>
    <message>
        <source>cannot reach the peer: %1</source>
        <translation>无法到达对端：%1</translation>
    </message>
    <message>
        <source>#%1 is not a peer this server heard from in the last %2 s</source>
        <translation>#%1 不是该服务器在最近 %2 秒内收到过数据的对端</translation>
    </message>
    <message>
        <source>#%1 is a Unix datagram socket without a path: it cannot be answered</source>
        <translation>#%1 是没有路径的 Unix 数据报套接字：无法回复</translation>
    </message>
    <message>
        <source>sending by hand is not available on TLS connections: the session&apos;s encryption belongs to the request, and bytes written beside it would end the connection</source>
        <translation>TLS 连接不能手动发送：会话的加密属于该请求本身，在旁边写入的字节会导致连接被终止</translation>
    </message>
</context>
<context>
    <name>HeadlessRunner</name>
    <message>
        <source>Run without a window: serve the --serve / --profile servers and write the request log to stdout until SIGINT or SIGTERM.</source>
        <translation>不打开窗口运行：启动 --serve / --profile 指定的服务器，把请求日志写到标准输出，直到收到 SIGINT 或 SIGTERM。</translation>
    </message>
    <message>
        <source>Serve the server described by SPEC (see SPEC above). Repeat for more servers.</source>
        <translation>启动 SPEC 描述的服务器（SPEC 见上文）。多台服务器可重复此选项。</translation>
    </message>
    <message>
        <source>SPEC</source>
        <translation>SPEC</translation>
    </message>
    <message>
        <source>Serve every server of a profile (a JSON file saved by the console).</source>
        <translation>启动配置文件（控制台保存的 JSON 文件）中的每台服务器。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Write the log as JSON Lines, one object per event (&apos;serving on&apos; lines go to stderr).</source>
        <translation>以 JSON Lines 格式写日志，每个事件一个对象（“serving on”行写到标准错误）。</translation>
    </message>
    <message>
        <source>Bytes of payload shown per data event (default %1).</source>
        <translation>每个数据事件显示的负载字节数（默认 %1）。</translation>
    </message>
    <message>
        <source>BYTES</source>
        <translation>BYTES</translation>
    </message>
    <message>
        <source>bad --serve SPEC &apos;%1&apos;: %2 (see --help for the SPEC syntax)</source>
        <translation>错误的 --serve SPEC“%1”：%2（SPEC 语法见 --help）</translation>
    </message>
    <message>
        <source>bad --profile: %1</source>
        <translation>错误的 --profile：%1</translation>
    </message>
    <message>
        <source>bad --payload-cap &apos;%1&apos;: expected a number of bytes (0 or more)</source>
        <translation>错误的 --payload-cap“%1”：应为字节数（0 或更大）</translation>
    </message>
    <message>
        <source>--headless needs at least one --serve SPEC or --profile FILE (see --help)</source>
        <translation>--headless 至少需要一个 --serve SPEC 或 --profile FILE（见 --help）</translation>
    </message>
    <message>
        <source>cannot serve %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>signal %1 again: exiting without waiting</source>
        <translation>再次收到信号 %1：不再等待，立即退出</translation>
    </message>
    <message>
        <source>stopping on signal %1 (again to exit at once)</source>
        <translation>收到信号 %1，正在停止（再发一次立即退出）</translation>
    </message>
    <message>
        <source>warning: %1 listens on every network interface: other machines can connect</source>
        <translation>警告：%1 监听所有网络接口：其他机器可以连接</translation>
    </message>
    <message>
        <source>%1 and %2 need --headless</source>
        <translation>%1 和 %2 需要 --headless</translation>
    </message>
    <message>
        <source>the server&apos;s name in the log</source>
        <translation>服务器在日志中的名称</translation>
    </message>
    <message>
        <source>concurrency (default %1)</source>
        <translation>并发模型（默认 %1）</translation>
    </message>
    <message>
        <source>thread pool size and queue (imply mode=pool)</source>
        <translation>线程池大小和队列长度（隐含 mode=pool）</translation>
    </message>
    <message>
        <source>built-in handler (default %1)</source>
        <translation>内置处理器（默认 %1）</translation>
    </message>
    <message>
        <source>the fixed reply (imply handler=fixed)</source>
        <translation>固定回复（隐含 handler=fixed）</translation>
    </message>
    <message>
        <source>allow_reuse_address (SO_REUSEADDR)</source>
        <translation>allow_reuse_address（SO_REUSEADDR）</translation>
    </message>
    <message>
        <source>listen() backlog (default %1)</source>
        <translation>listen() 积压队列长度（默认 %1）</translation>
    </message>
    <message>
        <source>drop a connection silent that long</source>
        <translation>连接静默这么久后断开</translation>
    </message>
    <message>
        <source>max_packet_size for datagrams (default %1)</source>
        <translation>数据报的 max_packet_size（默认 %1）</translation>
    </message>
    <message>
        <source>daemon_threads, block_on_close</source>
        <translation>daemon_threads、block_on_close</translation>
    </message>
    <message>
        <source>accept only these clients (IPv4/IPv6, CIDR; tcp/udp); others are refused and logged</source>
        <translation>只接受这些客户端（IPv4/IPv6，CIDR；tcp/udp）；其他客户端被拒绝并记录</translation>
    </message>
    <message>
        <source>refuse beyond N connections (or datagram requests) at once; 0 = no limit</source>
        <translation>同时超过 N 个连接（或数据报请求）时拒绝；0 = 不限制</translation>
    </message>
    <message>
        <source>the Unix socket file&apos;s mode (octal, default %1); the file is removed on stop</source>
        <translation>Unix 套接字文件的权限（八进制，默认 %1）；停止时删除该文件</translation>
    </message>
    <message>
        <source>reply rules from a JSON rules file, read at start (imply handler=rules); rules={...} gives them inline</source>
        <translation>从 JSON 规则文件读取回复规则，启动时读取（隐含 handler=rules）；rules={...} 可直接内联给出规则</translation>
    </message>
    <message>
        <source>one request per connection: answer the first message, then close (stream kinds)</source>
        <translation>每个连接只处理一个请求：回复第一条消息后关闭连接（仅流式类型）</translation>
    </message>
    <message>
        <source>Read commands from stdin, one per line, each answered with one &apos;ok ...&apos; or &apos;error ...&apos; line on stdout (see COMMANDS above).</source>
        <translation>从标准输入读取命令，每行一条；每条命令在标准输出上得到一行 &apos;ok ...&apos; 或 &apos;error ...&apos; 回答（见上文 COMMANDS）。</translation>
    </message>
    <message>
        <source>line longer than %1 bytes: refused</source>
        <translation>行长超过 %1 字节：已拒绝</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;: use list, send, sendhex, broadcast, kick or help</source>
        <translation>未知命令“%1”：可用 list、send、sendhex、broadcast、kick 或 help</translation>
    </message>
    <message>
        <source>no server &apos;%1&apos; (use its name as the log prints it, or its number)</source>
        <translation>没有服务器“%1”（请用日志中显示的名称，或它的编号）</translation>
    </message>
    <message>
        <source>bad hex: %1</source>
        <translation>十六进制有误：%1</translation>
    </message>
    <message>
        <source>bad escape: %1</source>
        <translation>转义有误：%1</translation>
    </message>
    <message>
        <source>nothing to send</source>
        <translation>没有要发送的内容</translation>
    </message>
    <message>
        <source>queued %1 bytes for %2</source>
        <translation>已为 %2 排入 %1 字节</translation>
    </message>
    <message>
        <source>expected broadcast [SERVER] TEXT</source>
        <translation>应为 broadcast [SERVER] TEXT</translation>
    </message>
    <message>
        <source>[%1] has no open connection to send to</source>
        <translation>[%1] 没有可发送的打开连接</translation>
    </message>
    <message>
        <source>queued %1 bytes for %2 connection(s) of [%3]</source>
        <translation>已为 [%3] 的 %2 个连接排入 %1 字节</translation>
    </message>
    <message>
        <source>%1 is not an open connection</source>
        <translation>%1 不是打开的连接</translation>
    </message>
    <message>
        <source>closed %1</source>
        <translation>已关闭 %1</translation>
    </message>
    <message>
        <source>  Values are percent-encoded: reply=hello%20world%0A.
  HOST 0.0.0.0 or [::] listens on every interface: other machines can connect
  (a warning is printed); the default 127.0.0.1 accepts local clients only.
Examples:
  tcp://127.0.0.1:9999?mode=threading&amp;handler=upper
  udp://[::1]:0?handler=echo
  unix:///tmp/s.sock
  unixdgram:///tmp/d.sock?handler=time
  tcp://:8089?mode=pool&amp;pool=5&amp;queue=10&amp;name=pool-echo
  tcp://0.0.0.0:9999?allow=127.0.0.1,10.0.0.0/8&amp;maxconn=64
  unix:///tmp/s.sock?perm=0660

COMMANDS (with --commands, one per line on stdin):
  list                  open connections (datagram servers: peers heard from in
                        the last minute): &apos;open [SERVER] #N PEER&apos; lines, then
                        &apos;ok N open&apos;
  send ID TEXT          TEXT with escapes: \n \r \t \0 \\ \xNN
  sendhex ID HEX        HEX as in 68 65 6c 6c 6f
  broadcast SERVER TEXT to SERVER&apos;s open connections (datagram: recent peers)
  kick ID               close a connection
  ID is a request as the log prints it: &apos;#N&apos; or N (ids are unique across
  servers; a datagram server&apos;s N is its peer&apos;s), or &apos;[SERVER] #N&apos; or SERVER#N;
  SERVER is its name as the log prints it, or its number.
  A send is answered &apos;ok&apos; once queued; its outcome follows as a log line
  (&apos;sent by you&apos; or &apos;send failed&apos;). With --json each answer is {&quot;answer&quot;: ...}.
  At the end of stdin the servers keep serving until SIGINT/SIGTERM.</source>
        <translation>  值须经百分号编码：reply=hello%20world%0A。
  HOST 为 0.0.0.0 或 [::] 时在所有网络接口上监听：其他机器也能连接（会打印
  一条警告）；默认的 127.0.0.1 只接受本机客户端。
示例：
  tcp://127.0.0.1:9999?mode=threading&amp;handler=upper
  udp://[::1]:0?handler=echo
  unix:///tmp/s.sock
  unixdgram:///tmp/d.sock?handler=time
  tcp://:8089?mode=pool&amp;pool=5&amp;queue=10&amp;name=pool-echo
  tcp://0.0.0.0:9999?allow=127.0.0.1,10.0.0.0/8&amp;maxconn=64
  unix:///tmp/s.sock?perm=0660

COMMANDS（使用 --commands 时，从标准输入每行读一条）：
  list                  列出打开的连接（数据报服务器：最近一分钟内发来过数据
                        的对端）：逐行输出 &apos;open [SERVER] #N PEER&apos;，最后输出
                        &apos;ok N open&apos;
  send ID TEXT          发送 TEXT，可用转义：\n \r \t \0 \\ \xNN
  sendhex ID HEX        发送十六进制 HEX，写法如 68 65 6c 6c 6f
  broadcast SERVER TEXT 发给 SERVER 的每个打开的连接（数据报：每个最近的对端）
  kick ID               关闭一个连接
  ID 是日志中显示的请求：&apos;#N&apos; 或 N（编号在所有服务器间唯一；数据报服务器的
  N 是其对端的编号），或 &apos;[SERVER] #N&apos; 或 SERVER#N；
  SERVER 是日志中显示的服务器名称，或它的编号。
  send 排入发送队列后即回答 &apos;ok&apos;；发送结果随后作为一行日志给出（&apos;sent by you&apos;
  或 &apos;send failed&apos;）。使用 --json 时每个回答为 {&quot;answer&quot;: ...}。
  标准输入结束后，服务器继续运行，直到收到 SIGINT/SIGTERM。</translation>
    </message>
    <message>
        <source>expected a request id as the log prints it: #N, N, [SERVER] #N or SERVER#N</source>
        <translation>需要日志中打印的请求编号：#N、N、[SERVER] #N 或 SERVER#N</translation>
    </message>
    <message>
        <source>#%1 is neither an open connection nor a peer heard from in the last %2 s</source>
        <translation>#%1 既不是打开的连接，也不是最近 %2 秒内收到过数据的对端</translation>
    </message>
    <message>
        <source>join these multicast groups (udp; several separated by commas; IPv4 224.0.0.0/4 or IPv6 ff00::/8, the address&apos;s family) on this interface (default: the system&apos;s choice)</source>
        <translation>在此接口上加入这些组播组（仅 udp；多个组用逗号分隔；IPv4 224.0.0.0/4 或 IPv6 ff00::/8，须与地址同族）（默认：由系统选择接口）</translation>
    </message>
    <message>
        <source>allow_broadcast (SO_BROADCAST): handlers may send to broadcast addresses (udp)</source>
        <translation>allow_broadcast（SO_BROADCAST）：处理器可以向广播地址发送（仅 udp）</translation>
    </message>
    <message>
        <source>Headless mode: --headless with one --serve SPEC per server, or --profile FILE.
Prints &apos;serving on ADDRESS&apos; per server once it accepts, then one line per event;
stops cleanly on SIGINT/SIGTERM. Exit status: 0 stopped by a signal, 1 every
server failed, 2 bad SPEC or usage.

SPEC is KIND://ADDRESS[?OPTION=VALUE&amp;...]
  KIND      tcp, udp, unix (Unix stream), unixdgram (Unix datagram) or tls
            (TCP with TLS; no cert= uses the console&apos;s own certificate)
  ADDRESS   tcp/udp/tls: HOST:PORT, [IPv6]:PORT or :PORT (host 127.0.0.1);
            port 0 picks a free port. unix/unixdgram: an absolute socket path.
</source>
        <translation>无窗口模式：--headless 加上每台服务器一个 --serve SPEC，或 --profile FILE。
每台服务器开始接受连接时打印“serving on 地址”，之后每个事件一行；
收到 SIGINT/SIGTERM 时干净地停止。退出码：0 因信号停止，1 所有服务器
都失败，2 SPEC 或用法错误。

SPEC 的格式为 KIND://ADDRESS[?OPTION=VALUE&amp;...]
  KIND      tcp、udp、unix（Unix 流）、unixdgram（Unix 数据报）或 tls
            （带 TLS 的 TCP；不给 cert= 时使用控制台自己的证书）
  ADDRESS   tcp/udp/tls：HOST:PORT、[IPv6]:PORT 或 :PORT（主机为 127.0.0.1）；
            端口 0 表示自动选择空闲端口。unix/unixdgram：套接字的绝对路径。
</translation>
    </message>
    <message>
        <source>tls: the certificate chain (PEM); default: the console&apos;s own self-signed certificate, made on first use</source>
        <translation>tls：证书链（PEM）；默认：控制台自己的自签名证书，首次使用时生成</translation>
    </message>
    <message>
        <source>tls: the private key (PEM); default: in the certificate file</source>
        <translation>tls：私钥（PEM）；默认：在证书文件中</translation>
    </message>
    <message>
        <source>tls: client certificates are verified against this CA (PEM); verify=1 requires one</source>
        <translation>tls：用此 CA（PEM）验证客户端证书；verify=1 表示必须提供客户端证书</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Use this language from the next start</source>
        <translation>下次启动时使用此语言</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>Applies when the console is started again</source>
        <translation>重新启动控制台后生效</translation>
    </message>
</context>
<context>
    <name>LogDetailView</name>
    <message>
        <source>Escaped &amp;text</source>
        <translation>转义文本(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Hex</source>
        <translation>十六进制(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;C string literal</source>
        <translation>C 字符串字面量(&amp;C)</translation>
    </message>
    <message>
        <source>C &amp;array</source>
        <translation>C 数组(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Python bytes literal</source>
        <translation>Python bytes 字面量(&amp;P)</translation>
    </message>
    <message>
        <source>Copy the payload as escaped text, which the test client&apos;s Text mode reads back as the same bytes</source>
        <translation>将载荷复制为转义文本，测试客户端的“文本”模式会把它读回为相同的字节</translation>
    </message>
    <message>
        <source>Copy as</source>
        <translation>复制为</translation>
    </message>
    <message>
        <source>Copy the selected row&apos;s payload, whole as captured</source>
        <translation>复制所选行的载荷（记录到的全部内容）</translation>
    </message>
    <message>
        <source>The payload as text: printable UTF-8 as it is, other bytes as escapes (\n \r \t \0 \\ \xNN)</source>
        <translation>载荷的文本形式：可打印的 UTF-8 原样显示，其他字节显示为转义（\n \r \t \0 \\ \xNN）</translation>
    </message>
    <message>
        <source>The payload in hex, sixteen bytes a line: the offset in hex, the bytes, then the bytes as ASCII (&apos;.&apos; for any other byte)</source>
        <translation>载荷的十六进制形式，每行十六个字节：十六进制偏移量、各字节，然后是这些字节的 ASCII（其他字节显示为“.”）</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 bytes: the rest was beyond the capture cap. Raise Capture in the tool bar to keep more of new payloads.</source>
        <translation>显示 %2 字节中的前 %1 字节：其余部分超出了记录上限。调高工具栏中的“记录”可为新的载荷保留更多内容。</translation>
    </message>
    <message>
        <source>No payload bytes were captured</source>
        <translation>未记录任何载荷字节</translation>
    </message>
    <message>
        <source>This row has no payload</source>
        <translation>此行没有载荷</translation>
    </message>
    <message>
        <source>Select a row of the log to see it here whole</source>
        <translation>在日志中选择一行，即可在此查看其完整内容</translation>
    </message>
    <message>
        <source>The selected row&apos;s payload, as text</source>
        <translation>所选行的载荷（文本）</translation>
    </message>
    <message>
        <source>The same payload in hex and ASCII, with offsets</source>
        <translation>同一载荷的十六进制和 ASCII 形式，带偏移量</translation>
    </message>
    <message>
        <source>Copied the row&apos;s detail text</source>
        <translation>已复制该行的详情文本</translation>
    </message>
    <message>
        <source>Copied %1 bytes as escaped text</source>
        <translation>已将 %1 字节复制为转义文本</translation>
    </message>
    <message>
        <source>Copied %1 bytes as hex</source>
        <translation>已将 %1 字节复制为十六进制</translation>
    </message>
    <message>
        <source>Copied %1 bytes as a C string literal</source>
        <translation>已将 %1 字节复制为 C 字符串字面量</translation>
    </message>
    <message>
        <source>Copied %1 bytes as a C array</source>
        <translation>已将 %1 字节复制为 C 数组</translation>
    </message>
    <message>
        <source>Copied %1 bytes as a Python bytes literal</source>
        <translation>已将 %1 字节复制为 Python bytes 字面量</translation>
    </message>
</context>
<context>
    <name>LogFilterModel</name>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>正则表达式无效：%1</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>← received</source>
        <translation>← 收到</translation>
    </message>
    <message>
        <source>→ sent</source>
        <translation>→ 发出</translation>
    </message>
    <message>
        <source>handler error</source>
        <translation>处理器错误</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>rejected (overloaded)</source>
        <translation>已拒绝（过载）</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <source> … (%1 of %2 bytes)</source>
        <translation> …（%1 / %2 字节）</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>%1 bytes%2</source>
        <translation>%1 字节%2</translation>
    </message>
    <message>
        <source> (payload capture capped)</source>
        <translation>（载荷记录已截断）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Payload / detail</source>
        <translation>载荷 / 详情</translation>
    </message>
    <message>
        <source>→ sent by you</source>
        <translation>→ 由你发送</translation>
    </message>
    <message>
        <source>send failed</source>
        <translation>发送失败</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>&lt;b&gt;Request log&lt;/b&gt;</source>
        <translation>&lt;b&gt;请求日志&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Hold new log rows back (they appear when you resume)</source>
        <translation>暂缓显示新的日志行（恢复后再出现）</translation>
    </message>
    <message>
        <source>F&amp;ollow</source>
        <translation>跟随(&amp;O)</translation>
    </message>
    <message>
        <source>Keep the newest log row in view</source>
        <translation>始终显示最新的日志行</translation>
    </message>
    <message>
        <source>&amp;Hex</source>
        <translation>十六进制(&amp;H)</translation>
    </message>
    <message>
        <source>Show payloads as hex instead of escaped text</source>
        <translation>以十六进制而非转义文本显示载荷</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>清空(&amp;C)</translation>
    </message>
    <message>
        <source>Remove every row from the log</source>
        <translation>清除日志中的所有行</translation>
    </message>
    <message>
        <source>&amp;Find in log</source>
        <translation>在日志中查找(&amp;F)</translation>
    </message>
    <message>
        <source>Filter the log by text</source>
        <translation>按文本筛选日志</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Save the visible log rows as CSV or JSON Lines</source>
        <translation>将可见的日志行保存为 CSV 或 JSON Lines</translation>
    </message>
    <message>
        <source>Show the rows of one server only</source>
        <translation>只显示一个服务器的行</translation>
    </message>
    <message>
        <source>Show one kind of event only</source>
        <translation>只显示一类事件</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>Received and sent</source>
        <translation>收到和发出</translation>
    </message>
    <message>
        <source>Opened / closed</source>
        <translation>打开 / 关闭</translation>
    </message>
    <message>
        <source>Server events</source>
        <translation>服务器事件</translation>
    </message>
    <message>
        <source>Errors and rejections</source>
        <translation>错误和拒绝</translation>
    </message>
    <message>
        <source>Filter text…</source>
        <translation>筛选文本…</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <source>Read the filter text as a regular expression</source>
        <translation>将筛选文本作为正则表达式</translation>
    </message>
    <message>
        <source>Show every connection again</source>
        <translation>重新显示所有连接</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Keep:</source>
        <translation>保留：</translation>
    </message>
    <message>
        <source> rows</source>
        <translation> 行</translation>
    </message>
    <message>
        <source>The most rows the log keeps; older rows are dropped</source>
        <translation>日志最多保留的行数；更早的行会被丢弃</translation>
    </message>
    <message>
        <source>Capture:</source>
        <translation>记录：</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>The most payload bytes the log keeps of each received or sent event (sizes stay exact); 0 keeps none</source>
        <translation>每个收到或发出的事件在日志中最多保留的载荷字节数（大小仍然准确）；0 表示不保留</translation>
    </message>
    <message>
        <source>All servers</source>
        <translation>全部服务器</translation>
    </message>
    <message>
        <source>Connection #%1 of %2</source>
        <translation>%2 的连接 #%1</translation>
    </message>
    <message>
        <source>%1 oldest rows dropped (the log keeps %2)</source>
        <translation>已丢弃最早的 %1 行（日志保留 %2 行）</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Row &amp;details</source>
        <translation>行详情(&amp;D)</translation>
    </message>
    <message>
        <source>Show the selected row whole under the log: its payload as text and as hex, ready to copy</source>
        <translation>在日志下方完整显示所选行：其载荷的文本和十六进制形式，可直接复制</translation>
    </message>
    <message>
        <source>Show the rows whose chosen field contains this text (%1)</source>
        <translation>显示所选字段包含此文本的行（%1）</translation>
    </message>
    <message>
        <source>Where the filter looks: the payload as the log shows it (escaped, or hex when Hex is on), the client&apos;s address, or any of payload, client, server and event, each on its own so that ^ and $ anchor to it</source>
        <translation>筛选查找的位置：日志所显示的载荷（转义文本，开启“十六进制”时为十六进制）、客户端地址，或载荷、客户端、服务器和事件中的任意一项——各项单独匹配，因此 ^ 和 $ 锚定到该项本身</translation>
    </message>
    <message>
        <source>Any field</source>
        <translation>任意字段</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>Client address</source>
        <translation>客户端地址</translation>
    </message>
    <message>
        <source>%1 (the log still shows the last valid filter)</source>
        <translation>%1（日志仍按上一个有效的筛选条件显示）</translation>
    </message>
    <message>
        <source>The log is full: it keeps the newest %2 rows and has dropped the %1 oldest. Raise Keep in the tool bar to keep more, or export the rows you need.</source>
        <translation>日志已满：它保留最新的 %2 行，已丢弃最早的 %1 行。调高工具栏中的“保留”可保留更多行，或导出你需要的行。</translation>
    </message>
    <message>
        <source>Export the %1 of %2 log rows the filter shows</source>
        <translation>导出筛选显示的 %1 行（共 %2 行日志）</translation>
    </message>
    <message>
        <source>Exported %1 of %2 rows (those the filter shows) to %3, payloads in hex as the view shows them</source>
        <translation>已将 %2 行中的 %1 行（筛选显示的行）导出到 %3，载荷按视图所示为十六进制</translation>
    </message>
    <message>
        <source>Exported %1 of %2 rows (those the filter shows) to %3, payloads as escaped text as the view shows them</source>
        <translation>已将 %2 行中的 %1 行（筛选显示的行）导出到 %3，载荷按视图所示为转义文本</translation>
    </message>
    <message>
        <source>&amp;Memory budget…</source>
        <translation>内存预算(&amp;M)…</translation>
    </message>
    <message>
        <source>The most memory the console holds for the traffic it shows, for every server together</source>
        <translation>控制台为显示流量所占用的最大内存，所有服务器共用</translation>
    </message>
    <message>
        <source>Memory budget</source>
        <translation>内存预算</translation>
    </message>
    <message>
        <source>One budget for the whole console, whatever the number of servers: the events on their way to the log and the log&apos;s rows with their payloads (MiB). Beyond it the oldest rows go and new data events are dropped, with a notice in the log; the counters stay exact.</source>
        <translation>整个控制台共用一个预算，无论有多少服务器：正在送往日志的事件，以及日志的行及其载荷（MiB）。超出时最旧的行被移除，新的数据事件被丢弃，并在日志中提示；计数保持精确。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SocketServer Console</source>
        <translation>SocketServer 控制台</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Test client</source>
        <translation>测试客户端</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Stop every server and quit</source>
        <translation>停止所有服务器并退出</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Servers</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>The new language applies when the console is started again</source>
        <translation>新的语言将在控制台下次启动时生效</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About SocketServer Console</source>
        <translation>关于 SocketServer 控制台(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Servers listening, and servers that failed</source>
        <translation>正在监听的服务器，以及失败的服务器</translation>
    </message>
    <message>
        <source>Rows in the log, rows shown by the filter, and rows dropped because the log is full</source>
        <translation>日志中的行数、筛选后显示的行数，以及因日志已满而丢弃的行数</translation>
    </message>
    <message>
        <source>%1 of %2 servers listening</source>
        <translation>%2 个服务器中 %1 个正在监听</translation>
    </message>
    <message>
        <source>, %1 failed</source>
        <translation>，%1 个失败</translation>
    </message>
    <message>
        <source>Log: %1 of %2 rows</source>
        <translation>日志：显示 %1 / %2 行</translation>
    </message>
    <message>
        <source> · paused, %1 waiting</source>
        <translation> · 已暂停，%1 行等待中</translation>
    </message>
    <message>
        <source>About SocketServer Console</source>
        <translation>关于 SocketServer 控制台</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SocketServer Console %1&lt;/h3&gt;&lt;p&gt;Start, stop and watch TCP, UDP and Unix socket servers built on the &lt;code&gt;socketserver&lt;/code&gt; engine, a C++ port of Python&apos;s module of that name, and talk to them from the built-in test client.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SocketServer 控制台 %1&lt;/h3&gt;&lt;p&gt;启动、停止并监视基于 &lt;code&gt;socketserver&lt;/code&gt; 引擎（Python 同名模块的 C++ 移植）构建的 TCP、UDP 和 Unix 套接字服务器，并通过内置的测试客户端与它们通信。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Send from the server</source>
        <translation>从服务器发送</translation>
    </message>
    <message>
        <source>Totals over every server since each was started: connections open now and accepted (datagram servers: datagrams), bytes in and out</source>
        <translation>所有服务器自各自启动以来的合计：当前打开的连接数和已接受的连接数（数据报服务器：数据报数），收发字节数</translation>
    </message>
    <message>
        <source>%1 open · %2 connections · in %3 · out %4</source>
        <translation>%1 个打开 · %2 个连接 · 接收 %3 · 发送 %4</translation>
    </message>
</context>
<context>
    <name>MessageConversion</name>
    <message>
        <source>Kept as text: bad escape: %1</source>
        <translation>仍为文本：转义有误：%1</translation>
    </message>
    <message>
        <source>Kept as hex: bad hex: %1</source>
        <translation>仍为十六进制：十六进制有误：%1</translation>
    </message>
    <message>
        <source>Kept as hex: byte %1 at offset %2 is not text</source>
        <translation>仍为十六进制：偏移 %2 处的字节 %1 不是文本</translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <source> ↵LF</source>
        <translation> ↵LF</translation>
    </message>
    <message>
        <source> ↵CRLF</source>
        <translation> ↵CRLF</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>The message to send (Ctrl+Return sends it)</source>
        <translation>要发送的消息（Ctrl+Return 发送）</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>格式(&amp;M)：</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>LF (\n)</source>
        <translation>LF (\n)</translation>
    </message>
    <message>
        <source>CRLF (\r\n)</source>
        <translation>CRLF (\r\n)</translation>
    </message>
    <message>
        <source>Appended to every message sent</source>
        <translation>追加到每条发送的消息末尾</translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation>发送(&amp;E)</translation>
    </message>
    <message>
        <source>Send the message once (Ctrl+Return)</source>
        <translation>发送一次消息（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Send the message the given number of times, at the given interval</source>
        <translation>按指定的次数和间隔重复发送消息</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>Stop repeating (Esc)</source>
        <translation>停止重复（Esc）</translation>
    </message>
    <message>
        <source> times</source>
        <translation> 次</translation>
    </message>
    <message>
        <source>How many times Repeat sends the message</source>
        <translation>“重复”发送消息的次数</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Time between two sends when repeating</source>
        <translation>重复发送时两次发送之间的间隔</translation>
    </message>
    <message>
        <source>Progress of the current repeat</source>
        <translation>当前重复发送的进度</translation>
    </message>
    <message>
        <source>Messages sent, newest first: click to load one into the editor, double-click to send it again</source>
        <translation>已发送的消息，最新的在前：单击载入编辑框，双击再次发送</translation>
    </message>
    <message>
        <source>Hex bytes, as in 68 65 6c 6c 6f 0a</source>
        <translation>十六进制字节，例如 68 65 6c 6c 6f 0a</translation>
    </message>
    <message>
        <source>Text, with escapes such as \n and \x00</source>
        <translation>文本，可用 \n、\x00 等转义</translation>
    </message>
    <message>
        <source>bad hex: %1</source>
        <translation>十六进制有误：%1</translation>
    </message>
    <message>
        <source>bad escape: %1</source>
        <translation>转义有误：%1</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>Not sent: the message is empty</source>
        <translation>未发送：消息为空</translation>
    </message>
    <message>
        <source>%v of %m sent</source>
        <translation>已发送 %v / %m</translation>
    </message>
    <message>
        <source>Repeating: %1 times every %2 ms</source>
        <translation>正在重复：共 %1 次，每 %2 毫秒一次</translation>
    </message>
    <message>
        <source>Repeat done: sent %1 times</source>
        <translation>重复完成：已发送 %1 次</translation>
    </message>
    <message>
        <source>Stopped after %1 of %2</source>
        <translation>已停止：完成 %1 / %2</translation>
    </message>
    <message>
        <source>hex: %1</source>
        <translation>十六进制：%1</translation>
    </message>
    <message>
        <source>Text: UTF-8 with the escapes \n \r \t \0 \\ \xNN.
Hex: pairs of hex digits, as in 68 65 6c 6c 6f.
Switching rewrites the message in the other mode.</source>
        <translation>文本：UTF-8，可用转义 \n \r \t \0 \\ \xNN。
十六进制：成对的十六进制数字，如 68 65 6c 6c 6f。
切换时会把消息改写为另一种格式。</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Line end&amp;ing:</source>
        <translation>行尾(&amp;I)：</translation>
    </message>
    <message>
        <source>Line ending:</source>
        <translation>行尾：</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Re&amp;peat</source>
        <translation>重复(&amp;P)</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Repeat co&amp;unt:</source>
        <translation>重复次数(&amp;U)：</translation>
    </message>
    <message>
        <source>Repeat count:</source>
        <translation>重复次数：</translation>
    </message>
    <message>
        <source>ever&amp;y</source>
        <translation>间隔(&amp;Y)</translation>
    </message>
    <message>
        <source>every</source>
        <translation>间隔</translation>
    </message>
</context>
<context>
    <name>MulticastOptionsBar</name>
    <message>
        <source>hops </source>
        <translation>跳数 </translation>
    </message>
    <message>
        <source>How many routers a datagram to a multicast group may cross (IPv4 TTL, IPv6 hop limit): 1 keeps it on this network, 0 on this host</source>
        <translation>发往组播组的数据报最多可经过多少个路由器（IPv4 TTL，IPv6 跳数限制）：1 表示只在本网络内，0 表示只在本机</translation>
    </message>
    <message>
        <source>loopback</source>
        <translation>环回</translation>
    </message>
    <message>
        <source>Members of the group on this machine receive the datagram too (on the loopback interface itself they always do)</source>
        <translation>本机上的组成员也会收到该数据报（在环回接口上总是会收到）</translation>
    </message>
    <message>
        <source>system&apos;s choice</source>
        <translation>由系统选择</translation>
    </message>
    <message>
        <source>The interface datagrams to a multicast group leave from</source>
        <translation>发往组播组的数据报从哪个接口发出</translation>
    </message>
    <message>
        <source>from</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Used when the address is a multicast group (as 239.1.2.3:5000) or a broadcast address: every answer is shown with its sender</source>
        <translation>地址为组播组（例如 239.1.2.3:5000）或广播地址时使用：每条回复都附带其发送方地址</translation>
    </message>
</context>
<context>
    <name>MulticastSpec</name>
    <message>
        <source>join: &apos;%1&apos; is not a multicast address (IPv4 224.0.0.0/4 as 239.1.2.3, IPv6 ff00::/8 as ff02::1:3)</source>
        <translation>join：“%1”不是组播地址（IPv4 为 224.0.0.0/4，例如 239.1.2.3；IPv6 为 ff00::/8，例如 ff02::1:3）</translation>
    </message>
    <message>
        <source>join: group %1 is %2 but the server&apos;s address %3 is %4; serve on %5 (%2) to join it</source>
        <translation>join：组 %1 是 %2 地址，但服务器地址 %3 是 %4 地址；要加入该组，请在 %5（%2）上提供服务</translation>
    </message>
    <message>
        <source>iface: this machine has no interface &apos;%1&apos; (it has: %2)</source>
        <translation>iface：本机没有接口“%1”（现有接口：%2）</translation>
    </message>
</context>
<context>
    <name>ReplyRuleSet</name>
    <message>
        <source>rule %1: %2</source>
        <translation>规则 %1：%2</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>默认回复：%1</translation>
    </message>
    <message>
        <source>match: &apos;%1&apos; is not one of exact, contains, startsWith, hex, regex</source>
        <translation>match：“%1”不是 exact、contains、startsWith、hex、regex 之一</translation>
    </message>
    <message>
        <source>pattern: invalid regular expression at offset %1: %2</source>
        <translation>pattern：正则表达式在偏移 %1 处无效：%2</translation>
    </message>
    <message>
        <source>pattern: %1</source>
        <translation>pattern：%1</translation>
    </message>
    <message>
        <source>delayMs: must be from 0 to %1</source>
        <translation>delayMs：必须在 0 到 %1 之间</translation>
    </message>
    <message>
        <source>reply: %1</source>
        <translation>reply：%1</translation>
    </message>
    <message>
        <source>not a string</source>
        <translation>不是字符串</translation>
    </message>
</context>
<context>
    <name>ReplyRulesEditor</name>
    <message>
        <source>Exact</source>
        <translation>完全相同</translation>
    </message>
    <message>
        <source>Contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <source>Starts with</source>
        <translation>开头是</translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation>十六进制字节</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>Each chunk as it arrives</source>
        <translation>每次收到的数据块</translation>
    </message>
    <message>
        <source>Each line (LF or CRLF)</source>
        <translation>每一行（LF 或 CRLF）</translation>
    </message>
    <message>
        <source>Fixed length</source>
        <translation>固定长度</translation>
    </message>
    <message>
        <source>Up to a delimiter (text)</source>
        <translation>到分隔符为止（文本）</translation>
    </message>
    <message>
        <source>Up to a delimiter (hex)</source>
        <translation>到分隔符为止（十六进制）</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Text understands \n, \r, \t and \xNN; hex is pairs of digits, spaces allowed</source>
        <translation>文本支持 \n、\r、\t 和 \xNN；十六进制为成对数字，可含空格</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>One reply per line</source>
        <translation>每行一条回复</translation>
    </message>
    <message>
        <source>Close the connection after replying</source>
        <translation>回复后关闭连接</translation>
    </message>
    <message>
        <source>&amp;Framing:</source>
        <translation>分帧(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Add rule</source>
        <translation>添加规则(&amp;A)</translation>
    </message>
    <message>
        <source>Add a rule after the selected one</source>
        <translation>在所选规则之后添加一条规则</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected rule</source>
        <translation>删除所选规则</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Try the selected rule earlier: the first rule that matches answers</source>
        <translation>让所选规则更早被尝试：由第一条匹配的规则回复</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
    <message>
        <source>Try the selected rule later</source>
        <translation>让所选规则更晚被尝试</translation>
    </message>
    <message>
        <source>&amp;Load…</source>
        <translation>载入…(&amp;L)</translation>
    </message>
    <message>
        <source>Read the rules from a rules file (JSON)</source>
        <translation>从规则文件（JSON）读取规则</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存…(&amp;S)</translation>
    </message>
    <message>
        <source>Write the rules to a rules file (JSON), as headless mode reads it</source>
        <translation>把规则写入规则文件（JSON），无界面模式可直接读取</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>delimiter, e.g. \r\n or 03</source>
        <translation>分隔符，例如 \r\n 或 03</translation>
    </message>
    <message>
        <source>&amp;Default reply:</source>
        <translation>默认回复(&amp;D)：</translation>
    </message>
    <message>
        <source>What to answer when no rule matches; unchecked: nothing</source>
        <translation>没有规则匹配时的回复；不勾选则不回复</translation>
    </message>
    <message>
        <source>e.g. unknown: {message}\n</source>
        <translation>例如 unknown: {message}\n</translation>
    </message>
    <message>
        <source>Try a message</source>
        <translation>试一条消息</translation>
    </message>
    <message>
        <source>text, hex or expression</source>
        <translation>文本、十六进制或表达式</translation>
    </message>
    <message>
        <source>no reply</source>
        <translation>不回复</translation>
    </message>
    <message>
        <source>One reply per line. Placeholders: {counter} {time} {date} {unixtime} {peer} {len} {message} {hex}; regex captures: $1 .. $9, ${name}</source>
        <translation>每行一条回复。占位符：{counter} {time} {date} {unixtime} {peer} {len} {message} {hex}；正则捕获组：$1 .. $9、${name}</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation>不是 JSON：%1</translation>
    </message>
    <message>
        <source>not a rules file (a JSON object is expected)</source>
        <translation>不是规则文件（应为一个 JSON 对象）</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Load reply rules</source>
        <translation>载入回复规则</translation>
    </message>
    <message>
        <source>Rules files (*.json);;All files (*)</source>
        <translation>规则文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save reply rules</source>
        <translation>保存回复规则</translation>
    </message>
    <message>
        <source>Rules files (*.json)</source>
        <translation>规则文件 (*.json)</translation>
    </message>
    <message>
        <source>How the stream is cut into messages</source>
        <translation>如何把数据流切分成消息</translation>
    </message>
    <message>
        <source>Datagrams: each one is a message</source>
        <translation>数据报：每个数据报就是一条消息</translation>
    </message>
    <message>
        <source>Fix the rules first: %1</source>
        <translation>请先修正规则：%1</translation>
    </message>
    <message>
        <source>Type a message to see which rule answers it and the exact reply.</source>
        <translation>输入一条消息，即可看到由哪条规则回复以及确切的回复内容。</translation>
    </message>
    <message>
        <source>The message: %1</source>
        <translation>消息：%1</translation>
    </message>
    <message>
        <source>No rule matches and there is no default reply: nothing is sent.</source>
        <translation>没有匹配的规则，也没有默认回复：不发送任何内容。</translation>
    </message>
    <message>
        <source>No rule matches: the default reply answers.</source>
        <translation>没有匹配的规则：由默认回复应答。</translation>
    </message>
    <message>
        <source>Rule %1 answers.</source>
        <translation>规则 %1 回复。</translation>
    </message>
    <message>
        <source>It sends nothing.</source>
        <translation>不发送任何内容。</translation>
    </message>
    <message>
        <source>Reply %1 (%2 bytes): %3</source>
        <translation>回复 %1（%2 字节）：%3</translation>
    </message>
    <message>
        <source>  hex: %1</source>
        <translation>  十六进制：%1</translation>
    </message>
    <message>
        <source>Sent after %1 ms.</source>
        <translation>%1 毫秒后发送。</translation>
    </message>
    <message>
        <source>Then the connection is closed.</source>
        <translation>然后关闭连接。</translation>
    </message>
    <message>
        <source>what a client sends, e.g. PING 1\nPING 2\n</source>
        <translation>客户端发送的内容，例如 PING 1\nPING 2\n</translation>
    </message>
    <message>
        <source>What a client sends before it closes, cut into messages by the framing as the server cuts it (\n ends a line; a datagram is one message). Here {peer} is %1, {counter} counts from 1 and the time is now.</source>
        <translation>客户端在关闭前发送的内容，按服务器的分帧方式切分成消息（\n 结束一行；一个数据报就是一条消息）。此处 {peer} 为 %1，{counter} 从 1 开始计数，时间为当前时间。</translation>
    </message>
    <message>
        <source>This rule answers a message tried below</source>
        <translation>这条规则回复下方所试的一条消息</translation>
    </message>
    <message>
        <source>Message %1 (%2 bytes): %3</source>
        <translation>消息 %1（%2 字节）：%3</translation>
    </message>
    <message>
        <source>The datagram (%1 bytes): %2</source>
        <translation>数据报（%1 字节）：%2</translation>
    </message>
    <message>
        <source>The framing has not ended it: the server answers it when the client closes.</source>
        <translation>分帧尚未结束这条消息：服务器在客户端关闭时回复它。</translation>
    </message>
    <message>
        <source>Not answered: the connection is closed before it.</source>
        <translation>未回复：在它之前连接已关闭。</translation>
    </message>
</context>
<context>
    <name>ReplyTemplate</name>
    <message>
        <source>unknown placeholder {%1} (known: {counter}, {time}, {date}, {unixtime}, {peer}, {len}, {message}, {hex})</source>
        <translation>未知占位符 {%1}（可用：{counter}、{time}、{date}、{unixtime}、{peer}、{len}、{message}、{hex}）</translation>
    </message>
    <message>
        <source>%1: captures are only for regex rules (write $$ for a dollar sign)</source>
        <translation>%1：捕获组只能用于 regex 规则（美元符号请写作 $$）</translation>
    </message>
    <message>
        <source>%1: the expression has no such capture group</source>
        <translation>%1：表达式中没有这个捕获组</translation>
    </message>
</context>
<context>
    <name>RunningServers</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2 — %3</source>
        <translation>%1 %2 — %3</translation>
    </message>
</context>
<context>
    <name>SelfSignedCertificate</name>
    <message>
        <source>OpenSSL gave no reason</source>
        <translation>OpenSSL 未给出原因</translation>
    </message>
    <message>
        <source>cannot make a certificate: %1: %2</source>
        <translation>无法生成证书：%1：%2</translation>
    </message>
    <message>
        <source>the certificate&apos;s fields</source>
        <translation>证书字段</translation>
    </message>
    <message>
        <source>the certificate&apos;s extensions</source>
        <translation>证书扩展</translation>
    </message>
    <message>
        <source>signing</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>the EC P-256 key</source>
        <translation>EC P-256 密钥</translation>
    </message>
    <message>
        <source>the certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>writing PEM</source>
        <translation>写出 PEM</translation>
    </message>
    <message>
        <source>no PEM certificate could be read: %1</source>
        <translation>无法读取 PEM 证书：%1</translation>
    </message>
    <message>
        <source>reading the authority&apos;s certificate and key</source>
        <translation>读取 CA 的证书和私钥</translation>
    </message>
</context>
<context>
    <name>ServerEditorDialog</name>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>derived from kind and address</source>
        <translation>由类型和地址生成</translation>
    </message>
    <message>
        <source>The name shown in the console; leave empty for a derived one</source>
        <translation>在控制台中显示的名称；留空则自动生成</translation>
    </message>
    <message>
        <source>TCPServer, UDPServer, UnixStreamServer or UnixDatagramServer</source>
        <translation>TCPServer、UDPServer、UnixStreamServer 或 UnixDatagramServer</translation>
    </message>
    <message>
        <source>Where each request runs: on the serving thread, a thread per request, a child process per request, or a bounded thread pool</source>
        <translation>每个请求在哪里运行：在服务线程上、每个请求一个线程、每个请求一个子进程，或在有上限的线程池中</translation>
    </message>
    <message>
        <source>Thread pool: most threads</source>
        <translation>线程池：最大线程数</translation>
    </message>
    <message>
        <source>Thread pool: most requests waiting; more are rejected</source>
        <translation>线程池：最多等待的请求数；超出的将被拒绝</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程：</translation>
    </message>
    <message>
        <source>Queue:</source>
        <translation>队列：</translation>
    </message>
    <message>
        <source>The built-in request handler</source>
        <translation>内置的请求处理器</translation>
    </message>
    <message>
        <source>Fixed reply: the bytes sent for every chunk or datagram</source>
        <translation>固定回复：对每个数据块或数据报发送的字节</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Text understands \n, \r, \t and \xNN; hex is pairs of digits, spaces allowed</source>
        <translation>文本支持 \n、\r、\t 和 \xNN；十六进制为成对数字，可含空格</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>并发模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Pool:</source>
        <translation>线程池：</translation>
    </message>
    <message>
        <source>&amp;Handler:</source>
        <translation>处理器(&amp;H)：</translation>
    </message>
    <message>
        <source>Fixed reply:</source>
        <translation>固定回复：</translation>
    </message>
    <message>
        <source>Allow address reuse (SO_REUSEADDR)</source>
        <translation>允许地址重用（SO_REUSEADDR）</translation>
    </message>
    <message>
        <source>allow_reuse_address: bind even while old connections linger</source>
        <translation>allow_reuse_address：即使旧连接尚未完全关闭也可绑定</translation>
    </message>
    <message>
        <source>request_queue_size: the listen() backlog (stream kinds)</source>
        <translation>request_queue_size：listen() 的等待队列长度（流式类型）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Seconds a connection may stay silent before it is closed</source>
        <translation>连接无数据多少秒后被关闭</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>max_packet_size: the largest datagram read (datagram kinds)</source>
        <translation>max_packet_size：读取的最大数据报（数据报类型）</translation>
    </message>
    <message>
        <source>Daemon threads</source>
        <translation>守护线程</translation>
    </message>
    <message>
        <source>daemon_threads: stopping does not wait for request threads</source>
        <translation>daemon_threads：停止时不等待请求线程</translation>
    </message>
    <message>
        <source>Block on close</source>
        <translation>关闭时阻塞</translation>
    </message>
    <message>
        <source>block_on_close: stopping waits for requests in progress</source>
        <translation>block_on_close：停止时等待进行中的请求</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>&amp;Backlog:</source>
        <translation>等待队列(&amp;B)：</translation>
    </message>
    <message>
        <source>Request &amp;timeout:</source>
        <translation>请求超时(&amp;T)：</translation>
    </message>
    <message>
        <source>Max &amp;packet size:</source>
        <translation>最大数据包(&amp;P)：</translation>
    </message>
    <message>
        <source>Fixed reply: %1</source>
        <translation>固定回复：%1</translation>
    </message>
    <message>
        <source>Address: give a socket path</source>
        <translation>地址：请填写套接字路径</translation>
    </message>
    <message>
        <source>Address: give host:port (port 0 = any free)</source>
        <translation>地址：请填写 host:port（端口 0 = 任意空闲端口）</translation>
    </message>
    <message>
        <source>/tmp/server.sock</source>
        <translation>/tmp/server.sock</translation>
    </message>
    <message>
        <source>127.0.0.1:9999</source>
        <translation>127.0.0.1:9999</translation>
    </message>
    <message>
        <source>Client addresses and CIDR ranges accepted, separated by commas (IPv4 and IPv6); other clients are refused and the refusal is logged. Empty: everyone.</source>
        <translation>允许连接的客户端地址和 CIDR 网段，以逗号分隔（IPv4 和 IPv6）；其他客户端会被拒绝，并记录在日志中。留空：允许所有人。</translation>
    </message>
    <message>
        <source>Most open connections (stream) or datagram requests in progress at once; more are refused and logged</source>
        <translation>同时打开的连接（流式）或正在处理的数据报请求的上限；超出的会被拒绝并记录在日志中</translation>
    </message>
    <message>
        <source>Permissions of the Unix socket file, in octal, set right after bind: 0600 lets only you connect, 0660 your group too</source>
        <translation>Unix 套接字文件的权限（八进制），在绑定后立即设置：0600 仅允许您自己连接，0660 还允许您所在的组</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>访问控制</translation>
    </message>
    <message>
        <source>A&amp;llowed clients:</source>
        <translation>允许的客户端(&amp;L)：</translation>
    </message>
    <message>
        <source>Max &amp;connections:</source>
        <translation>最大连接数(&amp;C)：</translation>
    </message>
    <message>
        <source>Socket file &amp;mode:</source>
        <translation>套接字文件权限(&amp;M)：</translation>
    </message>
    <message>
        <source>Socket file mode: give an octal mode from 0000 to 0777, as in 0600</source>
        <translation>套接字文件权限：请填写 0000 到 0777 之间的八进制权限，例如 0600</translation>
    </message>
    <message>
        <source>not applicable to Unix sockets: use the socket file mode</source>
        <translation>不适用于 Unix 套接字：请使用套接字文件权限</translation>
    </message>
    <message>
        <source>everyone (e.g. 127.0.0.1, 10.0.0.0/8, ::1/128)</source>
        <translation>所有人（例如 127.0.0.1, 10.0.0.0/8, ::1/128）</translation>
    </message>
    <message>
        <source>One request per connection (reply, then close)</source>
        <translation>每个连接一个请求（回复后关闭）</translation>
    </message>
    <message>
        <source>As Python&apos;s TCPServer example: answer the first message, then close the connection (stream kinds)</source>
        <translation>如同 Python 的 TCPServer 示例：回复第一条消息后关闭连接（流式类型）</translation>
    </message>
    <message>
        <source>Reply rules</source>
        <translation>回复规则</translation>
    </message>
    <message>
        <source>Reply rules: %1</source>
        <translation>回复规则：%1</translation>
    </message>
    <message>
        <source>host:port (IPv4, [IPv6]:port; port 0 picks a free port; default host 127.0.0.1) or, for Unix kinds, an absolute socket path</source>
        <translation>host:port（IPv4 或 [IPv6]:port；端口 0 表示任选空闲端口；默认主机 127.0.0.1），Unix 类型则为套接字的绝对路径</translation>
    </message>
    <message>
        <source>none (e.g. 239.1.2.3, or ff02::1:3 on an IPv6 address)</source>
        <translation>无（例如 239.1.2.3；IPv6 地址上可用 ff02::1:3）</translation>
    </message>
    <message>
        <source>Multicast groups the server joins, separated by commas: IPv4 224.0.0.0/4 on an IPv4 address (as 0.0.0.0:5000), IPv6 ff00::/8 on an IPv6 one (as [::]:5000). Datagrams sent to a group on the server&apos;s port reach it.</source>
        <translation>服务器加入的组播组，用逗号分隔：IPv4 地址（例如 0.0.0.0:5000）上用 IPv4 224.0.0.0/4，IPv6 地址（例如 [::]:5000）上用 IPv6 ff00::/8。发往某组、端口为服务器端口的数据报会送达服务器。</translation>
    </message>
    <message>
        <source>The interface the groups are joined on</source>
        <translation>加入组播组所用的接口</translation>
    </message>
    <message>
        <source>Allow broadcast (SO_BROADCAST)</source>
        <translation>允许广播（SO_BROADCAST）</translation>
    </message>
    <message>
        <source>allow_broadcast: the server may send to broadcast addresses; receiving broadcasts needs nothing</source>
        <translation>allow_broadcast：服务器可以向广播地址发送；接收广播无需任何设置</translation>
    </message>
    <message>
        <source>Multicast and broadcast (UDP)</source>
        <translation>组播与广播（UDP）</translation>
    </message>
    <message>
        <source>Groups:</source>
        <translation>组播组：</translation>
    </message>
    <message>
        <source>Interface:</source>
        <translation>接口：</translation>
    </message>
    <message>
        <source>system&apos;s choice</source>
        <translation>由系统选择</translation>
    </message>
</context>
<context>
    <name>ServerEntry</name>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting · Listening on %1</source>
        <translation>
            <numerusform>%n 个客户端在等待 · 正在监听 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>A synchronous server serves one connection at a time: 1 client waits in its backlog until the current one ends.</source>
        <translation>同步服务器一次只服务一个连接：有 1 个客户端在其等待队列中等待，直到当前连接结束。</translation>
    </message>
    <message>
        <source>A synchronous server serves one connection at a time: %1 clients wait in its backlog until the current one ends.</source>
        <translation>同步服务器一次只服务一个连接：有 %1 个客户端在其等待队列中等待，直到当前连接结束。</translation>
    </message>
    <message>
        <source>To serve several clients at once, choose the Threading or Event model, or One request per connection.</source>
        <translation>要同时服务多个客户端，请选择“多线程”或“事件驱动”模型，或选择“每个连接一个请求”。</translation>
    </message>
    <message>
        <source>1 client connected but not yet accepted: it waits in the backlog until the server takes it.</source>
        <translation>有 1 个客户端已连接但尚未被接受：它在等待队列中等待，直到服务器接受它。</translation>
    </message>
    <message>
        <source>%1 clients connected but not yet accepted: they wait in the backlog until the server takes them.</source>
        <translation>有 %1 个客户端已连接但尚未被接受：它们在等待队列中等待，直到服务器接受它们。</translation>
    </message>
    <message>
        <source>If this lasts, the server is overloaded or stuck: look at its connections and the log.</source>
        <translation>如果持续如此，说明服务器过载或卡住：请查看它的连接和日志。</translation>
    </message>
    <message>
        <source>The backlog is full (%1): further clients are refused or time out.</source>
        <translation>等待队列已满（%1）：之后的客户端会被拒绝或超时。</translation>
    </message>
    <message>
        <source>Edited while running: the server goes on with its settings from when it started until it is stopped and started again. Waiting:</source>
        <translation>运行中已修改：服务器继续使用启动时的设置，直到停止后再次启动。等待生效：</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <source>Restart to apply: %1 · %2</source>
        <translation>重启后生效：%1 · %2</translation>
    </message>
</context>
<context>
    <name>ServerFactory</name>
    <message>
        <source>unknown server kind</source>
        <translation>未知的服务器类型</translation>
    </message>
</context>
<context>
    <name>ServerManager</name>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>connection closed from the console</source>
        <translation>连接已由控制台关闭</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) closed from the console</source>
        <translation>
            <numerusform>%n 个连接已由控制台关闭</numerusform>
        </translation>
    </message>
    <message>
        <source>there is no server %1</source>
        <translation>没有服务器 %1</translation>
    </message>
    <message>
        <source>%1 is not running</source>
        <translation>%1 未在运行</translation>
    </message>
</context>
<context>
    <name>ServerProfile</name>
    <message>
        <source>not valid JSON: %1 at offset %2</source>
        <translation>不是有效的 JSON：%1（偏移 %2）</translation>
    </message>
    <message>
        <source>not a console profile: field &apos;format&apos; is &quot;%1&quot;, expected &quot;%2&quot;</source>
        <translation>不是控制台配置文件：字段 &apos;format&apos; 为 &quot;%1&quot;，应为 &quot;%2&quot;</translation>
    </message>
    <message>
        <source>profile version %1 is not supported (this console reads version %2)</source>
        <translation>不支持配置文件版本 %1（本控制台读取版本 %2）</translation>
    </message>
    <message>
        <source>field &apos;servers&apos; is missing or not an array of servers</source>
        <translation>字段 &apos;servers&apos; 缺失或不是服务器数组</translation>
    </message>
    <message>
        <source>server %1: expected an object</source>
        <translation>服务器 %1：应为对象</translation>
    </message>
    <message>
        <source>server %1: %2</source>
        <translation>服务器 %1：%2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>TCP upper-case echo</source>
        <translation>TCP 大写回显</translation>
    </message>
    <message>
        <source>UDP upper-case echo</source>
        <translation>UDP 大写回显</translation>
    </message>
    <message>
        <source>Threaded thread-name echo</source>
        <translation>多线程线程名回显</translation>
    </message>
    <message>
        <source>Welcome banner, then echo</source>
        <translation>欢迎语后回显</translation>
    </message>
    <message>
        <source>Thread-pool echo</source>
        <translation>线程池回显</translation>
    </message>
    <message>
        <source>HTTP/1.0 hello</source>
        <translation>HTTP/1.0 问候</translation>
    </message>
</context>
<context>
    <name>ServerResume</name>
    <message>
        <source>Start the servers that were &amp;running, at launch</source>
        <translation>启动时运行上次正在运行的服务器(&amp;R)</translation>
    </message>
    <message>
        <source>When the console starts, start again the servers that were running when it was last closed</source>
        <translation>控制台启动时，重新启动上次关闭时正在运行的服务器</translation>
    </message>
</context>
<context>
    <name>ServerRuntime</name>
    <message>
        <source>serving stopped on an unknown error</source>
        <translation>服务因未知错误而停止</translation>
    </message>
</context>
<context>
    <name>ServerSpec</name>
    <message>
        <source>address: %1</source>
        <translation>地址：%1</translation>
    </message>
    <message>
        <source>empty; expected host:port, as in 127.0.0.1:9999 (port 0 = any free port)</source>
        <translation>为空；应为 host:port，例如 127.0.0.1:9999（端口 0 = 任意空闲端口）</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: write an IPv6 address in brackets with a port, as in [::1]:9999</source>
        <translation>“%1”：IPv6 地址请加方括号并带端口，例如 [::1]:9999</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: brackets are for IPv6 addresses, as in [::1]:9999</source>
        <translation>“%1”：方括号只用于 IPv6 地址，例如 [::1]:9999</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: write an IPv6 address in brackets, as in [::1]:9999</source>
        <translation>“%1”：IPv6 地址请放在方括号中，例如 [::1]:9999</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no port; write host:port, as in 127.0.0.1:9999</source>
        <translation>“%1”没有端口；请写作 host:port，例如 127.0.0.1:9999</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a host name or IP address</source>
        <translation>“%1”不是主机名或 IP 地址</translation>
    </message>
    <message>
        <source>port &apos;%1&apos; is not a number from 0 to 65535</source>
        <translation>端口“%1”不是 0 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>address: empty; expected a socket path, as in /tmp/echo.sock</source>
        <translation>地址：为空；应为套接字路径，例如 /tmp/echo.sock</translation>
    </message>
    <message>
        <source>address: the socket path contains a NUL character</source>
        <translation>地址：套接字路径中含有 NUL 字符</translation>
    </message>
    <message>
        <source>address: the socket path is %1 bytes long; the limit is %2</source>
        <translation>地址：套接字路径长 %1 字节，上限为 %2</translation>
    </message>
    <message>
        <source>%1: %2 is out of range (%3 to %4)</source>
        <translation>%1：%2 超出范围（%3 到 %4）</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>空值</translation>
    </message>
    <message>
        <source>handler: the %1 handler needs a connection: use it with a tcp or unix server, not %2</source>
        <translation>处理器：%1 处理器需要连接：请用于 tcp 或 unix 服务器，而不是 %2</translation>
    </message>
    <message>
        <source>fixed reply: empty; give the reply as text or hex</source>
        <translation>固定回复：为空；请以文本或十六进制给出回复</translation>
    </message>
    <message>
        <source>pool size</source>
        <translation>线程池大小</translation>
    </message>
    <message>
        <source>pool queue</source>
        <translation>线程池队列</translation>
    </message>
    <message>
        <source>backlog</source>
        <translation>等待队列</translation>
    </message>
    <message>
        <source>max packet size</source>
        <translation>最大数据包</translation>
    </message>
    <message>
        <source>request timeout: %1 s is out of range (0 = no limit, up to %2 s)</source>
        <translation>请求超时：%1 秒超出范围（0 = 无限制，最多 %2 秒）</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>Unix stream</source>
        <translation>Unix 流</translation>
    </message>
    <message>
        <source>Unix datagram</source>
        <translation>Unix 数据报</translation>
    </message>
    <message>
        <source>Synchronous</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Threading</source>
        <translation>多线程</translation>
    </message>
    <message>
        <source>Forking</source>
        <translation>多进程</translation>
    </message>
    <message>
        <source>Thread pool</source>
        <translation>线程池</translation>
    </message>
    <message>
        <source>Echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <source>Upper-case echo</source>
        <translation>大写回显</translation>
    </message>
    <message>
        <source>Thread-name echo</source>
        <translation>线程名回显</translation>
    </message>
    <message>
        <source>Welcome banner, then echo</source>
        <translation>欢迎语后回显</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Fixed reply</source>
        <translation>固定回复</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>当前时间</translation>
    </message>
    <message>
        <source>HTTP/1.0 hello</source>
        <translation>HTTP/1.0 问候</translation>
    </message>
    <message>
        <source>Sends every chunk (or datagram) back as it arrives, until the client leaves.</source>
        <translation>将收到的每个数据块（或数据报）原样发回，直到客户端离开。</translation>
    </message>
    <message>
        <source>Like echo, with ASCII letters in upper case.</source>
        <translation>与回显相同，但 ASCII 字母转为大写。</translation>
    </message>
    <message>
        <source>Replies &quot;&lt;thread name&gt;: &lt;data&gt;&quot; to every chunk or datagram, showing which thread served it.</source>
        <translation>对每个数据块或数据报回复“&lt;线程名&gt;: &lt;数据&gt;”，显示是哪个线程处理的。</translation>
    </message>
    <message>
        <source>Greets with &quot;connection &lt;host&gt;:&lt;port&gt; at &lt;time&gt; succeed!&quot; (the server&apos;s address), then echoes until the client leaves. Stream servers only.</source>
        <translation>先发送问候“connection &lt;host&gt;:&lt;port&gt; at &lt;time&gt; succeed!”（服务器的地址），然后回显，直到客户端离开。仅限流式服务器。</translation>
    </message>
    <message>
        <source>Reads and drops everything; never replies.</source>
        <translation>读取并丢弃所有数据，从不回复。</translation>
    </message>
    <message>
        <source>Sends the same reply for every chunk or datagram received.</source>
        <translation>对收到的每个数据块或数据报发送相同的回复。</translation>
    </message>
    <message>
        <source>Sends the local date and time, then closes the connection; a datagram server replies it to every datagram.</source>
        <translation>发送本地日期和时间后关闭连接；数据报服务器对每个数据报都回复时间。</translation>
    </message>
    <message>
        <source>Answers one HTTP/1.0 request with &quot;Hello, World!&quot; and closes. Stream servers only.</source>
        <translation>以“Hello, World!”应答一个 HTTP/1.0 请求后关闭。仅限流式服务器。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a SPEC: expected KIND://ADDRESS[?OPTIONS], as in tcp://127.0.0.1:9999?handler=upper (KIND is %2)</source>
        <translation>“%1”不是 SPEC：应为 KIND://ADDRESS[?OPTIONS]，例如 tcp://127.0.0.1:9999?handler=upper（KIND 为 %2）</translation>
    </message>
    <message>
        <source>unknown server kind &apos;%1&apos; (expected %2)</source>
        <translation>未知的服务器类型“%1”（应为 %2）</translation>
    </message>
    <message>
        <source>%1:// needs a socket path, as in %1:///tmp/echo.sock</source>
        <translation>%1:// 需要套接字路径，例如 %1:///tmp/echo.sock</translation>
    </message>
    <message>
        <source>%1:// needs host:port, as in %1://127.0.0.1:9999</source>
        <translation>%1:// 需要 host:port，例如 %1://127.0.0.1:9999</translation>
    </message>
    <message>
        <source>option &apos;%1&apos; needs a value, as in %1=VALUE</source>
        <translation>选项 &apos;%1&apos; 需要一个值，例如 %1=VALUE</translation>
    </message>
    <message>
        <source>option &apos;%1&apos; is given twice</source>
        <translation>选项 &apos;%1&apos; 出现了两次</translation>
    </message>
    <message>
        <source>option &apos;%1&apos;: expected %2, got &apos;%3&apos;</source>
        <translation>选项 &apos;%1&apos;：应为%2，实际为 &apos;%3&apos;</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>%1 到 %2 之间的整数</translation>
    </message>
    <message>
        <source>1 or 0 (true/false, yes/no, on/off)</source>
        <translation>1 或 0（true/false、yes/no、on/off）</translation>
    </message>
    <message>
        <source>give the fixed reply once: reply= (text) or replyhex= (hex), not both</source>
        <translation>固定回复只能给一次：reply=（文本）或 replyhex=（十六进制），不能同时给出</translation>
    </message>
    <message>
        <source>option &apos;replyhex&apos;: %1</source>
        <translation>选项 &apos;replyhex&apos;：%1</translation>
    </message>
    <message>
        <source>seconds from 0 (no limit) to %1</source>
        <translation>0（无限制）到 %1 之间的秒数</translation>
    </message>
    <message>
        <source>reply= and replyhex= go with handler=fixed, not handler=%1</source>
        <translation>reply= 和 replyhex= 只能与 handler=fixed 一起使用，不能与 handler=%1 一起使用</translation>
    </message>
    <message>
        <source>pool= and queue= go with mode=pool, not mode=%1</source>
        <translation>pool= 和 queue= 只能与 mode=pool 一起使用，不能与 mode=%1 一起使用</translation>
    </message>
    <message>
        <source>field &apos;%1&apos;: expected %2, got %3</source>
        <translation>字段 &apos;%1&apos;：应为%2，实际为%3</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is missing</source>
        <translation>缺少字段 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>unknown field &apos;%1&apos; (known: %2)</source>
        <translation>未知字段 &apos;%1&apos;（可用：%2）</translation>
    </message>
    <message>
        <source>fields &apos;reply&apos; and &apos;replyHex&apos; are both given; keep one</source>
        <translation>字段 &apos;reply&apos; 和 &apos;replyHex&apos; 同时给出；请只保留一个</translation>
    </message>
    <message>
        <source>field &apos;replyHex&apos;: %1</source>
        <translation>字段 &apos;replyHex&apos;：%1</translation>
    </message>
    <message>
        <source>Event-driven (epoll)</source>
        <translation>事件驱动（epoll）</translation>
    </message>
    <message>
        <source>an octal mode from 0000 to 0777, as in 0600 or 0660</source>
        <translation>0000 到 0777 之间的八进制权限，例如 0600 或 0660</translation>
    </message>
    <message>
        <source>max connections</source>
        <translation>最大连接数</translation>
    </message>
    <message>
        <source>socket mode: %1 is out of range (0000 to 0777)</source>
        <translation>套接字文件权限：%1 超出范围（0000 到 0777）</translation>
    </message>
    <message>
        <source>allow: not applicable to Unix sockets (a Unix peer has no address); restrict who may connect with the socket file&apos;s mode instead</source>
        <translation>allow：不适用于 Unix 套接字（Unix 对端没有地址）；请改用套接字文件权限限制谁可以连接</translation>
    </message>
    <message>
        <source>a whole number from 0 (no limit) to %1</source>
        <translation>0（不限制）到 %1 之间的整数</translation>
    </message>
    <message>
        <source>give the socket mode once: perm= or sockmode=, not both</source>
        <translation>套接字文件权限只能给一次：perm= 或 sockmode=，不能同时使用</translation>
    </message>
    <message>
        <source>a list of addresses or CIDR ranges as strings, as in [&quot;127.0.0.1&quot;, &quot;10.0.0.0/8&quot;]</source>
        <translation>由地址或 CIDR 网段字符串组成的列表，例如 [&quot;127.0.0.1&quot;, &quot;10.0.0.0/8&quot;]</translation>
    </message>
    <message>
        <source>octal text from &quot;0000&quot; to &quot;0777&quot;, as in &quot;0600&quot;</source>
        <translation>&quot;0000&quot; 到 &quot;0777&quot; 之间的八进制文本，例如 &quot;0600&quot;</translation>
    </message>
    <message>
        <source>option &apos;perm&apos;: the socket file mode is for unix and unixdgram servers, not %1</source>
        <translation>选项“perm”：套接字文件权限只适用于 unix 和 unixdgram 服务器，不适用于 %1</translation>
    </message>
    <message>
        <source>address: &apos;%1&apos; is not UTF-8 once percent-decoded</source>
        <translation>地址：“%1”百分号解码后不是 UTF-8</translation>
    </message>
    <message>
        <source>UTF-8 text once percent-decoded</source>
        <translation>百分号解码后为 UTF-8 的文本</translation>
    </message>
    <message>
        <source>text without unpaired \ud800-\udfff escapes</source>
        <translation>不含未配对 \ud800-\udfff 转义的文本</translation>
    </message>
    <message>
        <source>unknown option &apos;%1&apos; (known: %2)</source>
        <translation>未知选项“%1”（已知选项：%2）</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>larger than %1 bytes</source>
        <translation>大于 %1 字节</translation>
    </message>
    <message>
        <source>not valid JSON: %1 at offset %2</source>
        <translation>不是有效的 JSON：%1（偏移 %2）</translation>
    </message>
    <message>
        <source>expected a JSON object, as in {&quot;framing&quot;: &quot;line&quot;, &quot;rules&quot;: [...]}</source>
        <translation>应为 JSON 对象，例如 {&quot;framing&quot;: &quot;line&quot;, &quot;rules&quot;: [...]}</translation>
    </message>
    <message>
        <source>option &apos;rules&apos;: cannot read %1: %2</source>
        <translation>选项 &apos;rules&apos;：无法读取 %1：%2</translation>
    </message>
    <message>
        <source>option &apos;rules&apos;: %1</source>
        <translation>选项 &apos;rules&apos;：%1</translation>
    </message>
    <message>
        <source>rules file %1: %2</source>
        <translation>规则文件 %1：%2</translation>
    </message>
    <message>
        <source>a rules object, as in {&quot;framing&quot;: &quot;line&quot;, &quot;rules&quot;: [...]}</source>
        <translation>规则对象，例如 {&quot;framing&quot;: &quot;line&quot;, &quot;rules&quot;: [...]}</translation>
    </message>
    <message>
        <source>field &apos;rules&apos;: %1</source>
        <translation>字段 &apos;rules&apos;：%1</translation>
    </message>
    <message>
        <source>rules: %1</source>
        <translation>回复规则：%1</translation>
    </message>
    <message>
        <source>rules: rule %1 waits %2 ms before replying: an event-driven %3 server answers a datagram at once; use another model, or no delay</source>
        <translation>回复规则：规则 %1 在回复前等待 %2 毫秒：事件驱动的 %3 服务器会立即回复数据报；请换用其他并发模型，或去掉延迟</translation>
    </message>
    <message>
        <source>Reply rules</source>
        <translation>回复规则</translation>
    </message>
    <message>
        <source>Manual (answer by hand)</source>
        <translation>手动（由你亲自回复）</translation>
    </message>
    <message>
        <source>Answers each message with the first of its reply rules that matches (text, hex or a regular expression), or with the default reply; a stream is cut into messages by the rules&apos; framing.</source>
        <translation>用第一条匹配的回复规则（文本、十六进制或正则表达式）回复每条消息，都不匹配时使用默认回复；流式连接按规则的分帧方式切分成消息。</translation>
    </message>
    <message>
        <source>Accepts and logs what arrives; answers nothing by itself: you answer by hand.</source>
        <translation>接受连接并记录收到的内容；自身不作任何回复：由你手动回复。</translation>
    </message>
    <message>
        <source>rules= goes with handler=rules, not handler=%1</source>
        <translation>rules= 只能与 handler=rules 一起使用，不能与 handler=%1 一起使用</translation>
    </message>
    <message>
        <source>address: &apos;%1&apos; is a relative path; a Unix socket needs an absolute path, as in /tmp/echo.sock</source>
        <translation>地址：“%1”是相对路径；Unix 套接字需要绝对路径，例如 /tmp/echo.sock</translation>
    </message>
    <message>
        <source>kind: this console was built without TLS (its engine has no OpenSSL), so it cannot run a tls server; use tcp, or a console built with TLS</source>
        <translation>类型：此控制台构建时未包含 TLS（其引擎没有 OpenSSL），无法运行 tls 服务器；请使用 tcp，或使用带 TLS 构建的控制台</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>a list of multicast group addresses as strings, as in [&quot;239.1.2.3&quot;, &quot;ff02::1:3&quot;]</source>
        <translation>由组播组地址字符串组成的列表，例如 [&quot;239.1.2.3&quot;, &quot;ff02::1:3&quot;]</translation>
    </message>
    <message>
        <source>join: multicast groups are for udp servers, not %1</source>
        <translation>join：组播组只适用于 udp 服务器，不适用于 %1</translation>
    </message>
    <message>
        <source>broadcast: allow_broadcast is for udp servers, not %1</source>
        <translation>broadcast：allow_broadcast 只适用于 udp 服务器，不适用于 %1</translation>
    </message>
    <message>
        <source>iface= is the interface multicast groups are joined on: give the groups too, as in join=239.1.2.3&amp;iface=%1</source>
        <translation>iface= 是加入组播组所用的接口：请同时给出组，例如 join=239.1.2.3&amp;iface=%1</translation>
    </message>
    <message>
        <source>cert, key, ca and verify are for tls servers, not %1</source>
        <translation>cert、key、ca 和 verify 只适用于 tls 服务器，不适用于 %1</translation>
    </message>
    <message>
        <source>key: give the certificate it belongs to as well (cert=FILE); without one the console&apos;s own certificate and key are used</source>
        <translation>key：请同时给出它所属的证书（cert=FILE）；不给证书时使用控制台自己的证书和私钥</translation>
    </message>
    <message>
        <source>verify: client certificates are verified against a CA; give it as ca=FILE</source>
        <translation>verify：客户端证书要用 CA 验证；请用 ca=FILE 给出</translation>
    </message>
</context>
<context>
    <name>ServersModel</name>
    <message>
        <source>%1 (%2/%3)</source>
        <translation>%1（%2/%3）</translation>
    </message>
    <message>
        <source>Configured: %1
Listening: %2</source>
        <translation>配置地址：%1
监听地址：%2</translation>
    </message>
    <message>
        <source>(not listening)</source>
        <translation>（未监听）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>并发模型</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>In</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>The configured address, or the real one while listening</source>
        <translation>配置的地址，监听时为实际地址</translation>
    </message>
    <message>
        <source>Bytes received from clients</source>
        <translation>从客户端收到的字节数</translation>
    </message>
    <message>
        <source>Bytes sent to clients</source>
        <translation>发送给客户端的字节数</translation>
    </message>
    <message>
        <source>Allowed clients: %1</source>
        <translation>允许的客户端：%1</translation>
    </message>
    <message>
        <source>Socket file mode: %1</source>
        <translation>套接字文件权限：%1</translation>
    </message>
    <message>
        <source>Listening on every network interface: other machines can connect. Bind to 127.0.0.1 unless that is what you want, or limit the clients with an allow-list.</source>
        <translation>正在所有网络接口上监听：其他计算机可以连接。除非确有此意，请绑定到 127.0.0.1，或用允许列表限制客户端。</translation>
    </message>
    <message>
        <source>Connections open now (datagram servers: datagrams being handled)</source>
        <translation>当前打开的连接数（数据报服务器：正在处理的数据报数）</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <source>Connections accepted since the server started (datagram servers: datagrams received). The connections table counts each one&apos;s messages.</source>
        <translation>服务器启动以来接受的连接数（数据报服务器：收到的数据报数）。连接表统计每个连接的消息数。</translation>
    </message>
    <message>
        <source>Connections/s</source>
        <translation>连接/秒</translation>
    </message>
    <message>
        <source>Connections accepted (datagram servers: datagrams received) per second, last 60 seconds</source>
        <translation>每秒接受的连接数（数据报服务器：收到的数据报数），最近 60 秒</translation>
    </message>
    <message>
        <source>Connections accepted (datagram servers: datagrams received) per second over the last minute; now %1/s</source>
        <translation>最近一分钟内每秒接受的连接数（数据报服务器：收到的数据报数）；当前 %1/秒</translation>
    </message>
    <message>
        <source>At most %1 connections at once (datagram servers: datagrams being handled)</source>
        <translation>同时最多 %1 个连接（数据报服务器：正在处理的数据报）</translation>
    </message>
</context>
<context>
    <name>ServersPanel</name>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>Add a server</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Edit the selected server</source>
        <translation>编辑选中的服务器</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>复制(&amp;U)</translation>
    </message>
    <message>
        <source>Add a copy of the selected server</source>
        <translation>添加选中服务器的副本</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected server (stopping it first)</source>
        <translation>移除选中的服务器（先将其停止）</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Start the selected server</source>
        <translation>启动选中的服务器</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the selected server</source>
        <translation>停止选中的服务器</translation>
    </message>
    <message>
        <source>Start a&amp;ll</source>
        <translation>全部启动(&amp;L)</translation>
    </message>
    <message>
        <source>Start every server that is not running</source>
        <translation>启动所有未运行的服务器</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>全部停止</translation>
    </message>
    <message>
        <source>Stop every running server</source>
        <translation>停止所有运行中的服务器</translation>
    </message>
    <message>
        <source>&amp;Open profile…</source>
        <translation>打开配置(&amp;O)…</translation>
    </message>
    <message>
        <source>Replace the servers with those of a profile (JSON)</source>
        <translation>用配置文件（JSON）中的服务器替换当前服务器</translation>
    </message>
    <message>
        <source>&amp;Save profile as…</source>
        <translation>配置另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the servers as a profile (JSON)</source>
        <translation>将服务器保存为配置文件（JSON）</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Double-click a server to edit it</source>
        <translation>双击服务器进行编辑</translation>
    </message>
    <message>
        <source>Thread pool (64/1000)</source>
        <translation>线程池（64/1000）</translation>
    </message>
    <message>
        <source>Add server</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>Edit server</source>
        <translation>编辑服务器</translation>
    </message>
    <message>
        <source>%1 cannot start: %2</source>
        <translation>%1 无法启动：%2</translation>
    </message>
    <message>
        <source>Open profile</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>Profiles (*.json);;All files (*)</source>
        <translation>配置文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Opening a profile stops and replaces every server. Continue?</source>
        <translation>打开配置会停止并替换所有服务器。是否继续？</translation>
    </message>
    <message>
        <source>Cannot open profile</source>
        <translation>无法打开配置</translation>
    </message>
    <message>
        <source>Save profile as</source>
        <translation>配置另存为</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>配置文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot save profile</source>
        <translation>无法保存配置</translation>
    </message>
    <message>
        <source>the text as it was is kept in the settings under &apos;%1&apos;</source>
        <translation>原始文本已保存在设置项“%1”中</translation>
    </message>
    <message>
        <source>The saved servers could not be read (%1); starting from the examples; %2</source>
        <translation>无法读取已保存的服务器（%1）；改用示例服务器；%2</translation>
    </message>
    <message>
        <source>A saved server could not be read and was left out (%1); %2</source>
        <translation>有一个已保存的服务器无法读取，已略过（%1）；%2</translation>
    </message>
</context>
<context>
    <name>SpecChanges</name>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>model</source>
        <translation>并发模型</translation>
    </message>
    <message>
        <source>thread pool</source>
        <translation>线程池</translation>
    </message>
    <message>
        <source>%1 threads, queue %2</source>
        <translation>%1 个线程，队列 %2</translation>
    </message>
    <message>
        <source>handler</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>fixed reply</source>
        <translation>固定回复</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s)</source>
        <translation>
            <numerusform>%n 条规则</numerusform>
        </translation>
    </message>
    <message>
        <source>reply rules</source>
        <translation>回复规则</translation>
    </message>
    <message>
        <source>%1, edited</source>
        <translation>%1，已修改</translation>
    </message>
    <message>
        <source>one request per connection</source>
        <translation>每个连接一个请求</translation>
    </message>
    <message>
        <source>address reuse</source>
        <translation>地址重用</translation>
    </message>
    <message>
        <source>backlog</source>
        <translation>等待队列</translation>
    </message>
    <message>
        <source>request timeout</source>
        <translation>请求超时</translation>
    </message>
    <message>
        <source>max packet size</source>
        <translation>最大数据包</translation>
    </message>
    <message>
        <source>daemon threads</source>
        <translation>守护线程</translation>
    </message>
    <message>
        <source>block on close</source>
        <translation>关闭时阻塞</translation>
    </message>
    <message>
        <source>allowed clients</source>
        <translation>允许的客户端</translation>
    </message>
    <message>
        <source>max connections</source>
        <translation>最大连接数</translation>
    </message>
    <message>
        <source>socket file mode</source>
        <translation>套接字文件权限</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>multicast groups</source>
        <translation>组播组</translation>
    </message>
    <message>
        <source>multicast interface</source>
        <translation>组播接口</translation>
    </message>
    <message>
        <source>broadcast</source>
        <translation>广播</translation>
    </message>
</context>
<context>
    <name>TlsClientBox</name>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Verify the server&apos;s certificate</source>
        <translation>验证服务器证书</translation>
    </message>
    <message>
        <source>On: a certificate that is not signed by a trusted CA or does not name the server is refused, with the choice to continue for this session. Off: any certificate is taken (still shown).</source>
        <translation>开：未由受信任 CA 签发或未包含服务器名称的证书会被拒绝，并可选择在本次会话中继续。关：接受任何证书（仍会显示）。</translation>
    </message>
    <message>
        <source>the host typed above</source>
        <translation>上面输入的主机</translation>
    </message>
    <message>
        <source>The name sent in the handshake (SNI) and checked against the certificate, as in localhost</source>
        <translation>握手时发送（SNI）并用于核对证书的名称，例如 localhost</translation>
    </message>
    <message>
        <source>none, or as in h2, http/1.1</source>
        <translation>无，或如 h2, http/1.1</translation>
    </message>
    <message>
        <source>Application protocols offered (ALPN), most wanted first</source>
        <translation>提供的应用层协议（ALPN），最希望使用的在前</translation>
    </message>
    <message>
        <source>ALPN:</source>
        <translation>ALPN：</translation>
    </message>
    <message>
        <source>the system&apos;s CAs only</source>
        <translation>仅系统的 CA</translation>
    </message>
    <message>
        <source>A PEM file of certificates to trust besides the system&apos;s: the console&apos;s own certificate, exported, for instance</source>
        <translation>除系统 CA 外还要信任的证书（PEM 文件），例如导出的控制台自身证书</translation>
    </message>
    <message>
        <source>CA &amp;bundle:</source>
        <translation>CA 证书包(&amp;B)：</translation>
    </message>
    <message>
        <source>shown after the handshake</source>
        <translation>握手后显示</translation>
    </message>
    <message>
        <source>Continue for this session</source>
        <translation>本次会话继续</translation>
    </message>
    <message>
        <source>Trust this certificate on this address until the console exits, and connect again</source>
        <translation>在控制台退出前信任此地址上的这张证书，并重新连接</translation>
    </message>
    <message>
        <source>CA certificates</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Not trusted: %1</source>
        <translation>不受信任：%1</translation>
    </message>
    <message>
        <source>Server name (SNI):</source>
        <translation>服务器名称 (SNI)：</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>A PEM certificate to show a server that asks for one (a console TLS server with verify=1): it must be signed by a CA the server trusts</source>
        <translation>向要求客户端证书的服务器（如 verify=1 的控制台 TLS 服务器）出示的 PEM 证书：必须由服务器信任的 CA 签发</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>客户端私钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation>PEM 私钥 (*.pem *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>in the certificate&apos;s file</source>
        <translation>在证书文件中</translation>
    </message>
    <message>
        <source>The client certificate&apos;s private key: a PEM file, not encrypted; empty when it is in the certificate&apos;s file</source>
        <translation>客户端证书的私钥：未加密的 PEM 文件；若私钥在证书文件中则留空</translation>
    </message>
    <message>
        <source>Server certificate:</source>
        <translation>服务器证书：</translation>
    </message>
    <message>
        <source>Client certificate:</source>
        <translation>客户端证书：</translation>
    </message>
</context>
<context>
    <name>TlsFacts</name>
    <message>
        <source>an older TLS version</source>
        <translation>较旧的 TLS 版本</translation>
    </message>
    <message>
        <source>no certificate</source>
        <translation>没有证书</translation>
    </message>
    <message>
        <source>certificate %1, issued by %2, valid from %3 to %4, SHA-256 %5</source>
        <translation>证书 %1，签发者 %2，有效期 %3 至 %4，SHA-256 %5</translation>
    </message>
    <message>
        <source>itself (self-signed)</source>
        <translation>其自身（自签名）</translation>
    </message>
    <message>
        <source>%1 · SHA-256 %2…</source>
        <translation>%1 · SHA-256 %2…</translation>
    </message>
    <message>
        <source>no ALPN protocol</source>
        <translation>未协商 ALPN 协议</translation>
    </message>
    <message>
        <source>ALPN %1</source>
        <translation>ALPN %1</translation>
    </message>
    <message>
        <source>%1, cipher %2, %3</source>
        <translation>%1，加密套件 %2，%3</translation>
    </message>
</context>
<context>
    <name>TlsServerBox</name>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>the console&apos;s own certificate</source>
        <translation>控制台自己的证书</translation>
    </message>
    <message>
        <source>The server&apos;s certificate chain, a PEM file; empty: the console&apos;s own self-signed certificate below</source>
        <translation>服务器的证书链（PEM 文件）；留空：使用下面控制台自己的自签名证书</translation>
    </message>
    <message>
        <source>in the certificate file</source>
        <translation>在证书文件中</translation>
    </message>
    <message>
        <source>The certificate&apos;s private key, a PEM file</source>
        <translation>证书的私钥（PEM 文件）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>CA certificates (PEM) that client certificates are verified against</source>
        <translation>用于验证客户端证书的 CA 证书（PEM）</translation>
    </message>
    <message>
        <source>Require a client certificate signed by the CA</source>
        <translation>要求客户端提供由该 CA 签发的证书</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>证书：</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>私钥：</translation>
    </message>
    <message>
        <source>Client CA:</source>
        <translation>客户端 CA：</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Make a new key and certificate; running servers use it once restarted, and clients must trust the new one</source>
        <translation>生成新的私钥和证书；运行中的服务器重启后才会使用，客户端需要信任新证书</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the certificate (PEM, without its key) for clients to trust, as Python&apos;s cafile= or curl --cacert</source>
        <translation>保存证书（PEM，不含私钥）供客户端信任，例如 Python 的 cafile= 或 curl --cacert</translation>
    </message>
    <message>
        <source>Console&apos;s own:</source>
        <translation>控制台自己的：</translation>
    </message>
    <message>
        <source>Export the console&apos;s certificate</source>
        <translation>导出控制台的证书</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt)</source>
        <translation>PEM 证书 (*.pem *.crt)</translation>
    </message>
    <message>
        <source>made when a TLS server first starts without a certificate</source>
        <translation>在 TLS 服务器首次不带证书启动时生成</translation>
    </message>
    <message>
        <source>SHA-256 %1</source>
        <translation>SHA-256 %1</translation>
    </message>
    <message>
        <source>%1
Kept in %2</source>
        <translation>%1
保存在 %2</translation>
    </message>
</context>
<context>
    <name>TlsServerSetup</name>
    <message>
        <source>the console&apos;s own certificate: %1</source>
        <translation>控制台自己的证书：%1</translation>
    </message>
</context>
<context>
    <name>TlsTrust</name>
    <message>
        <source>the certificate chain ends in a self-signed certificate that is not trusted</source>
        <translation>证书链的末端是一张不受信任的自签名证书</translation>
    </message>
    <message>
        <source>the certificate&apos;s issuer is unknown: no trusted CA signed it</source>
        <translation>证书的签发者未知：没有受信任的 CA 为其签名</translation>
    </message>
    <message>
        <source>the certificate could not be verified: no trusted CA signed it</source>
        <translation>无法验证证书：没有受信任的 CA 为其签名</translation>
    </message>
    <message>
        <source>the certificate is not trusted for this purpose</source>
        <translation>证书不能用于此用途</translation>
    </message>
    <message>
        <source>the certificate is for another name than the one connected to (set the server name, or use a name the certificate lists)</source>
        <translation>证书所属的名称与连接的名称不符（请设置服务器名称，或使用证书中列出的名称）</translation>
    </message>
    <message>
        <source>the certificate has expired</source>
        <translation>证书已过期</translation>
    </message>
    <message>
        <source>the certificate is not valid yet (check the clocks)</source>
        <translation>证书尚未生效（请检查时钟）</translation>
    </message>
    <message>
        <source>the certificate has been revoked</source>
        <translation>证书已被吊销</translation>
    </message>
    <message>
        <source>the server sent no certificate</source>
        <translation>服务器没有发送证书</translation>
    </message>
    <message>
        <source>the certificate is self-signed and not among the trusted ones (give it as the CA bundle, or continue for this session)</source>
        <translation>证书是自签名的，且不在受信任证书之列（可将其设为 CA 证书包，或在本次会话中继续）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Start, stop and watch socket servers, and talk to them from a test client.</source>
        <translation>启动、停止并监视套接字服务器，并通过测试客户端与它们通信。</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos; (see --help)</source>
        <translation>多余的参数“%1”（见 --help）</translation>
    </message>
    <message>
        <source>%1 (see --help)</source>
        <translation>%1（见 --help）</translation>
    </message>
    <message>
        <source>cannot write the probe file &apos;%1&apos; (%2): no probe</source>
        <translation>无法写入探针文件“%1”（%2）：不启用探针</translation>
    </message>
</context>
</TS>
