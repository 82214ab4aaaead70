"""LAN discovery (zeroconf / mDNS) of class games: the host advertises `_sec-dilemma._tcp`,
the join screen lists what it hears. Discovery is a convenience only: on a network without
multicast (many school networks) it fails soft — a warning, nothing found — and a typed address
always works.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass

from game.net.protocol import PROTOCOL_VERSION, SERVICE_TYPE

log = logging.getLogger("game.net.discovery")


@dataclass(frozen=True)
class FoundGame:
    name: str  # what the host called itself (the teacher's game title and machine)
    address: str  # "host:port", ready for Client
    title: str
    version: int


def lan_address() -> str:
    """This machine's address on the LAN (the one a default route would use; no packet is sent),
    or 127.0.0.1 when there is no network."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, nothing goes out
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


class Advertiser:
    """The host's announcement; `close()` withdraws it. Made by `advertise`."""

    def __init__(self, zeroconf, info):
        self._zeroconf = zeroconf
        self._info = info

    def close(self) -> None:
        try:
            self._zeroconf.unregister_service(self._info)
        except Exception as err:  # a network gone meanwhile: nothing left to withdraw
            log.debug("withdrawing the announcement: %s", err)
        finally:
            self._zeroconf.close()


def advertise(port: int, title: str, address: str | None = None, name: str | None = None) -> Advertiser | None:
    """Announce a game on `address:port` (default: this machine's LAN address). Returns None,
    with a warning in the log, when the network does not allow it."""
    try:
        from zeroconf import ServiceInfo, Zeroconf

        address = address or lan_address()
        label = (name or f"{title} on {socket.gethostname()}")[:60].replace(".", " ")
        info = ServiceInfo(
            SERVICE_TYPE, f"{label}.{SERVICE_TYPE}", port=port, addresses=[socket.inet_aton(address)],
            properties={"title": title[:200], "version": str(PROTOCOL_VERSION)},
        )
        zeroconf = Zeroconf()
        try:
            zeroconf.register_service(info, allow_name_change=True)
        except BaseException:
            zeroconf.close()
            raise
        return Advertiser(zeroconf, info)
    except Exception as err:  # no multicast, no interface, a firewall: typed addresses still work
        log.warning("LAN discovery is not available here (%s); players can type the address %s:%d",
                    err, address or "of this machine", port)
        return None


def browse(seconds: float = 2.0) -> list[FoundGame]:
    """Games announced on the LAN, listening for `seconds`. [] (with a warning) when the network
    does not allow discovery."""
    try:
        from zeroconf import ServiceBrowser, ServiceStateChange, Zeroconf

        zeroconf = Zeroconf()
    except Exception as err:
        log.warning("LAN discovery is not available here (%s); type the host's address", err)
        return []
    names: set[str] = set()
    lock = threading.Lock()

    def on_change(zeroconf, service_type: str, name: str, state_change) -> None:
        if state_change is ServiceStateChange.Added:
            with lock:
                names.add(name)

    found: list[FoundGame] = []
    try:
        browser = ServiceBrowser(zeroconf, SERVICE_TYPE, handlers=[on_change])
        time.sleep(seconds)
        browser.cancel()
        with lock:
            heard = sorted(names)
        for name in heard:
            info = zeroconf.get_service_info(SERVICE_TYPE, name, timeout=1000)
            if info is None or not info.parsed_addresses():
                continue
            props = {k.decode(): (v or b"").decode("utf-8", "replace") for k, v in info.properties.items()}
            try:
                version = int(props.get("version", "0"))
            except ValueError:
                version = 0
            found.append(FoundGame(name=name.removesuffix("." + SERVICE_TYPE), title=props.get("title", ""),
                                   address=f"{info.parsed_addresses()[0]}:{info.port}", version=version))
    except Exception as err:
        log.warning("LAN discovery failed (%s); type the host's address", err)
    finally:
        zeroconf.close()
    return found
