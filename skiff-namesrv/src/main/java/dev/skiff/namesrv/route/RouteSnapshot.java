package dev.skiff.namesrv.route;

import dev.skiff.remoting.protocol.body.TopicRouteData;

/** A topic's route as of registry {@code generation}. */
public record RouteSnapshot(TopicRouteData route, long generation) {}
