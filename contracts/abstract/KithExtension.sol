// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithAppKeys} from "../interfaces/IKithAppKeys.sol";
import {IKithExtension} from "../interfaces/IKithExtension.sol";
import {IKithProfiles} from "../interfaces/IKithProfiles.sol";

/// @title KithExtension
/// @notice Asks Kith, on every call, whether an address may act for a profile within a scope.
/// @dev Nothing about profiles is cached here: a custody change or an app key revocation in Kith
///      holds at once. The custody is asked first (one call); app keys only when it does not match.
abstract contract KithExtension is IKithExtension {
    /*//////////////////////////////////////////////////////////////
                               IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithExtension
    address public immutable kith;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param _kith The Kith contract (profiles, posts, app keys).
    constructor(address _kith) {
        kith = _kith;
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Reverts `NotAuthorized` unless `actor` is the custody of `profileId` or an active app key
    ///      of it holding `scope` (Kith's own rule). Returns the custody.
    function _authorize(uint256 profileId, address actor, uint256 scope) internal view returns (address custody) {
        custody = IKithProfiles(kith).custodyOf(profileId);
        // A missing profile has custody 0, which no caller or verified signer can be.
        if (custody == actor && custody != address(0)) return custody;
        (uint256 scopes,, bool active) = IKithAppKeys(kith).appKeyOf(profileId, actor);
        if (custody == address(0) || !active || scopes & scope == 0) revert NotAuthorized(profileId, actor);
    }
}
