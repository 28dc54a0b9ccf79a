# Part of scripts/cluster, sourced by it: the application nodes: the jar, the admin password, starting N nodes and waiting for their health.
# The settings these functions read are defined there.

node_port() { echo $((NODE_BASE_PORT + $1 - 1)); }

# 1..NODES, and any other node that has a pid file (started when NODES was larger).
node_numbers() {
    local file
    {
        seq 1 "$NODES"
        for file in "$RUN"/node*.pid; do
            [[ -e $file ]] && basename "$file" .pid | tr -dc '0-9' && echo
        done
    } | sort -nu
}

# The application jar: SECKILL_CLUSTER_APP_JAR, else target/'s, built when missing or older than the code.
ensure_app_jar() {
    if [[ -n $APP_JAR ]]; then
        [[ -f $APP_JAR ]] || die "SECKILL_CLUSTER_APP_JAR=$APP_JAR does not exist"
        return
    fi
    APP_JAR=$(find "$ROOT/target" -maxdepth 1 -name 'seckill-*.jar' ! -name '*-sources.jar' 2>/dev/null | head -1)
    if [[ -n $APP_JAR && -z $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$APP_JAR" -type f -print -quit) ]]; then
        return
    fi
    say "building the application jar (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || die "the application jar did not build"
    APP_JAR=$(find "$ROOT/target" -maxdepth 1 -name 'seckill-*.jar' ! -name '*-sources.jar' | head -1)
    [[ -n $APP_JAR ]] || die "no target/seckill-*.jar after the build"
}

# The nodes run the application jar extracted (Spring Boot's jarmode tools) into the shared cache, so that
# the JVM can keep an ahead-of-time cache of them there (node_aot_cache_flag): one node's run (its
# rehearsal and whatever it sells), written when it stops cleanly; a node started with it maps the classes
# already loaded and linked, and its compiler starts from the profiles of real sales, so its first sale
# costs about the CPU of a warm node's (docs/operations.md). With SECKILL_CLUSTER_AOT_CACHE the nodes
# run the jar that cache was trained on instead. Sets NODE_JAR and NODE_CLASSES.
prepare_node_classes() {
    NODE_JAR=$APP_JAR NODE_CLASSES=
    [[ -n $AOT_CACHE ]] && return
    local dir
    dir=$LIB_CACHE/app-$(sha256sum "$APP_JAR" | cut -c1-12)
    if [[ ! -f $dir/.complete ]]; then
        rm -rf "$dir.partial"
        "$JAVA" -Djarmode=tools -jar "$APP_JAR" extract --destination "$dir.partial" \
            --application-filename seckill.jar >/dev/null || die "could not extract $APP_JAR"
        rm -rf "$dir"
        mv "$dir.partial" "$dir"
        touch "$dir/.complete"
    fi
    touch "$dir"
    # Each build makes a folder of its own (about 75 MB, and about 150 MB for each cache trained in it):
    # the three used last stay.
    find "$LIB_CACHE" -maxdepth 1 -name 'app-*' -type d -printf '%T@ %p\n' | sort -rn | tail -n +4 | cut -d' ' -f2- |
        while read -r old; do rm -rf "$old"; done
    NODE_JAR=$dir/seckill.jar NODE_CLASSES=$dir
}

# The AOT cache flag of node I. A cache is trained by one node's run and serves every node of the same
# build and JVM flags (the flags must be the training's for the JVM to map it: other flags, another
# cache), so a node added to the cluster starts trained too. Without one yet, node 1 trains it
# (-XX:AOTCacheOutput; named for the cluster, since two clusters of this checkout may run the same build
# at once) and the other nodes start without, which spares the JVM writing the same cache twice.
node_aot_cache_flag() {
    local flags candidate newest=
    flags=$(printf '%s\n' "${JVM_FLAGS[@]}" "${NODE_JVM_FLAGS[@]}" | sha256sum | cut -c1-8)
    for candidate in "$NODE_CLASSES"/*-"$flags".aot; do
        if [[ -s $candidate && ( -z $newest || $candidate -nt $newest ) ]]; then newest=$candidate; fi
    done
    if [[ -n $newest ]]; then
        echo "-XX:AOTCache=$newest"
    elif (($1 == 1)); then
        echo "-XX:AOTCacheOutput=$NODE_CLASSES/$CLUSTER_NAME-$flags.aot"
    fi
}

admin_password() {
    if [[ -n ${SECKILL_ADMIN_PASSWORD:-} ]]; then
        echo "$SECKILL_ADMIN_PASSWORD"
        return
    fi
    # Generated once per cluster and kept out of the repository: the first admin is created with it
    # when the database has none, so it must stay the same across restarts.
    if [[ ! -s $SECRETS/admin-password ]]; then
        (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$SECRETS/admin-password")
    fi
    cat "$SECRETS/admin-password"
}

launch_node() {
    local i=$1 port
    port=$(node_port "$i")
    [[ -n $(running_pid "node$i") ]] && return
    port_open "$BIND_ADDRESS" "$port" && die "port $port is taken (SECKILL_CLUSTER_NODE_BASE_PORT)"
    # The RocketMQ client in the node writes its own log files under ~/logs: keep them with the others.
    mkdir -p "$LOGS/node$i-rocketmq"
    local access_log=() classes=()
    if [[ -n $AOT_CACHE ]]; then
        [[ -f $AOT_CACHE ]] || die "SECKILL_CLUSTER_AOT_CACHE=$AOT_CACHE does not exist (scripts/aot-cache trains one)"
        classes=("-XX:AOTCache=$AOT_CACHE")
    elif [[ -n $NODE_CLASSES ]]; then
        read -r -a classes <<<"$(node_aot_cache_flag "$i")"
        classes+=(-Xlog:aot=error)
    fi
    if [[ $ACCESS_LOG == on ]]; then
        access_log=(--server.tomcat.accesslog.enabled=true "--server.tomcat.accesslog.directory=$LOGS"
            "--server.tomcat.accesslog.prefix=node$i-access" --server.tomcat.accesslog.suffix=.log
            --server.tomcat.accesslog.rotate=false --server.tomcat.accesslog.buffered=false
            # %a is the client's address from X-Forwarded-For (nginx's own address without this)
            --server.tomcat.accesslog.request-attributes-enabled=true
            '--server.tomcat.accesslog.pattern=%a %t "%r" %s %b %{ms}Tms')
    fi
    # Settings the prod profile reads from the environment; the cluster-test profile reads the same.
    # Spring's own connection variables would override them (the environment outranks the profile's
    # file), and a shell that ran the test suite has them set to the test database: they are dropped.
    launch "node$i" env "${SPRING_CONNECTION_VARIABLES[@]/#/-u}" \
        "SECKILL_DB_URL=$NODE_DB_URL" "SECKILL_DB_USER=$DB_USER" "SECKILL_DB_PASSWORD=$DB_PASSWORD" \
        "SECKILL_REDIS_HOST=$REDIS_HOST" "SECKILL_REDIS_PORT=$REDIS_PORT" "SECKILL_REDIS_PASSWORD=$REDIS_PASSWORD" \
        "SPRING_DATA_REDIS_DATABASE=$REDIS_DATABASE" "SECKILL_ROCKETMQ_NAMESRV=$(namesrv_address)" \
        ${REDIS_CLUSTER_NODES:+"SPRING_DATA_REDIS_CLUSTER_NODES=$REDIS_CLUSTER_NODES"} \
        ${REDIS_CLUSTER_NODES:+"SECKILL_STOCK_REPLICA_ACKS=${SECKILL_STOCK_REPLICA_ACKS:-1}"} \
        ${REDIS_SENTINEL_NODES:+"SPRING_DATA_REDIS_SENTINEL_NODES=$REDIS_SENTINEL_NODES"} \
        ${REDIS_SENTINEL_NODES:+"SPRING_DATA_REDIS_SENTINEL_MASTER=$REDIS_SENTINEL_MASTER"} \
        ${REDIS_SENTINEL_NODES:+"SECKILL_STOCK_REPLICA_ACKS=${SECKILL_STOCK_REPLICA_ACKS:-1}"} \
        "SECKILL_ADMIN_PASSWORD=$(admin_password)" \
        "$JAVA" "${JVM_FLAGS[@]}" "${NODE_JVM_FLAGS[@]}" "${classes[@]}" -Xms128m "-Xmx$NODE_HEAP" "-Dcluster.member=$STATE/node$i" \
        "-Duser.home=$LOGS/node$i-rocketmq" \
        -jar "$NODE_JAR" \
        "--spring.profiles.active=$PROFILE" \
        "--spring.config.additional-location=optional:file:$ROOT/ops/app/" \
        "--server.port=$port" "--server.address=$BIND_ADDRESS" \
        --server.forward-headers-strategy=native \
        "--seckill.rocketmq.order-topic=$ORDER_TOPIC" \
        "--seckill.pages.dir=$PAGES" \
        "--seckill.edge.urls=http://$BIND_ADDRESS:$NGINX_PORT" "--seckill.edge.self=$BIND_ADDRESS:$port" \
        "${access_log[@]}"
    NODE_STARTED[$i]=$(now_ms)
}

# 0 once the node is healthy, 1 if it exited meanwhile; gives up (with its log) after HEALTH_TIMEOUT.
await_node() {
    local i=$1 pid port deadline
    pid=$(<"$RUN/node$i.pid")
    port=$(node_port "$i")
    deadline=$((SECONDS + HEALTH_TIMEOUT))
    until health_up "$port"; do
        kill -0 "$pid" 2>/dev/null || return 1
        if ((SECONDS >= deadline)); then
            tail -n 40 "$LOGS/node$i.log" >&2 || true
            die "node$i not healthy after ${HEALTH_TIMEOUT}s; its log: $LOGS/node$i.log"
        fi
        sleep 0.3
    done
}

start_nodes() {
    local i pid attempt
    declare -gA NODE_STARTED=()
    for ((i = 1; i <= NODES; i++)); do
        [[ -n $(running_pid "node$i") ]] || launch_node "$i"
    done
    # All nodes boot at once; then each is waited for. Health is UP only when the node reaches the
    # database, Redis and the broker (with a writable route to the order topic). A node that exits while
    # starting is started again, as a supervisor would: on a loaded machine a first request to the name
    # server can time out (3 s), and the node gives up on it.
    for ((i = 1; i <= NODES; i++)); do
        attempt=1
        until await_node "$i"; do
            if ((attempt >= START_ATTEMPTS)); then
                tail -n 40 "$LOGS/node$i.log" >&2 || true
                die "node$i exited while starting, $attempt times; its log: $LOGS/node$i.log"
            fi
            say "node$i exited while starting (attempt $attempt of $START_ATTEMPTS); starting it again"
            attempt=$((attempt + 1))
            launch_node "$i"
        done
        pid=$(<"$RUN/node$i.pid")
        if [[ -n ${NODE_STARTED[$i]:-} ]]; then
            record_startup "node$i" "$(seconds_since "${NODE_STARTED[$i]}")" "$(rss_mb "$pid")"
        fi
    done
}
