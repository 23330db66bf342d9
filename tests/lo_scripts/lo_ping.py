"""Wait until soffice answers over UNO and make sure OOXML formulas are recalculated on load.

Request: {"port": int, "wait_seconds": float}
Result:  {"version": "7.4.7.2", "ooxml_recalc_mode": 0, "odf_recalc_mode": 0}
"""

from __future__ import annotations

from typing import Any

from _lo_common import connect, prop, run

RECALC_NODE = "/org.openoffice.Office.Calc/Formula/Load"
ALWAYS_RECALC = 0  # 0 = always, 1 = never, 2 = prompt (a prompt would mean "never" headless)


def config_access(ctx: Any, node: str, update: bool) -> Any:
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx
    )
    service = "com.sun.star.configuration.Configuration" + ("UpdateAccess" if update else "Access")
    return provider.createInstanceWithArguments(service, (prop("nodepath", node),))


def handle(request: dict[str, Any]) -> dict[str, Any]:
    ctx, _desktop = connect(int(request["port"]), float(request.get("wait_seconds", 10)))
    # The harness already wrote this into the profile; setting it again over UNO guards
    # against a profile that LibreOffice rewrote or ignored, since stale cached values
    # would make every recalculation check meaningless.
    load = config_access(ctx, RECALC_NODE, update=True)
    changed = False
    for key in ("OOXMLRecalcMode", "ODFRecalcMode"):
        if load.getPropertyValue(key) != ALWAYS_RECALC:
            load.setPropertyValue(key, ALWAYS_RECALC)
            changed = True
    if changed:
        load.commitChanges()
    product = config_access(ctx, "/org.openoffice.Setup/Product", update=False)
    return {
        "version": product.getPropertyValue("ooSetupVersionAboutBox"),
        "ooxml_recalc_mode": load.getPropertyValue("OOXMLRecalcMode"),
        "odf_recalc_mode": load.getPropertyValue("ODFRecalcMode"),
        "config_changed": changed,
    }


if __name__ == "__main__":
    run(handle)
