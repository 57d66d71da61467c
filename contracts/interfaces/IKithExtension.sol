// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Kith extension
/// @notice A contract beside Kith that acts for Kith profiles: it asks Kith who may act for a
///         profile (its custody, or an app key within the action's scope) on every call, so a
///         custody change or an app key revocation takes effect here at once.
interface IKithExtension {
    /// @notice `caller` is neither the custody of `profileId` nor an active app key of it with the
    ///         action's scope (or the profile does not exist).
    error NotAuthorized(uint256 profileId, address caller);

    /// @notice The Kith contract whose profiles and posts this contract serves.
    function kith() external view returns (address);
}
